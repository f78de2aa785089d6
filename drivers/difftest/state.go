package difftest

import (
	"context"
	"fmt"
	"regexp"
	"strings"
)

// compareState reads every table back on every target after a write and
// reports the first differences, attributed to that write.
func (s *session) compareState(ctx context.Context, i int, st Stmt) ([]Diff, error) {
	var out []Diff
	only := writtenTable(st)
	for _, t := range newSchema() {
		if only != "" && t.name != only {
			continue
		}
		q := Stmt{SQL: fmt.Sprintf("SELECT * FROM `%s` ORDER BY %s", t.name, t.orderBy("")), Query: true}
		outs := s.all(ctx, q)
		for _, d := range s.diffs(i, st, outs) {
			if d.Kind == KindType {
				continue // types are compared on the generated SELECTs
			}
			d.Col = strings.TrimSpace(t.name + " " + d.Kind + " " + d.Col)
			d.Kind = KindState
			out = append(out, d)
		}
	}
	if s.log != nil {
		for _, d := range out {
			fmt.Fprintf(s.log, "     !! %s\n", d)
		}
	}
	return out, nil
}

// writeTarget finds the one table an INSERT, REPLACE, UPDATE or DELETE
// writes; COMMIT, ROLLBACK and DDL may change any.
var writeTarget = regexp.MustCompile("^(?:INSERT(?: IGNORE)? INTO|REPLACE INTO|UPDATE|DELETE FROM) `([a-z0-9]+)`")

func writtenTable(st Stmt) string {
	if m := writeTarget.FindStringSubmatch(st.SQL); m != nil {
		return m[1]
	}
	return ""
}

// digests compares the state digests of the blocksql nodes with each
// other (the reference has none).
func (s *session) digests(ctx context.Context, i int, st Stmt) ([]Diff, error) {
	var first string
	var out []Diff
	for j, t := range s.r.Subjects {
		if t.Digest == nil {
			continue
		}
		d, err := t.Digest(ctx, s.db)
		if err != nil {
			return out, fmt.Errorf("%s digest: %w", t.Name, err)
		}
		if j == 0 {
			first = d
		} else if d != first {
			out = append(out, Diff{Target: t.Name, Kind: KindDigest, Index: i, Stmt: st,
				Want: s.r.Subjects[0].Name + " " + first, Got: d})
		}
	}
	return out, nil
}

// Ids are a documented choice of blocksql: the apply engine assigns
// AUTO_INCREMENT values, and a statement or transaction that does not
// happen consumes none, where InnoDB keeps the ids a failed statement or
// a rolled-back transaction took. The reference's counters are put back
// after those, so later ids compare; each time is counted as a deviation.

// autoTables are the schema's tables with an AUTO_INCREMENT column.
var autoTables = func() map[string]string {
	out := map[string]string{}
	for _, t := range newSchema() {
		if c, ok := t.autoCol(); ok {
			out[t.name] = c.name
		}
	}
	return out
}()

const autoQuery = "SELECT TABLE_NAME, AUTO_INCREMENT FROM information_schema.TABLES " +
	"WHERE TABLE_SCHEMA = DATABASE() AND AUTO_INCREMENT IS NOT NULL"

func (s *session) autoCounters(ctx context.Context, st Stmt) (map[string]string, error) {
	isBegin := st.Tag == "tx-begin"
	if st.Query || (s.inTx && !isBegin) || autoTables[writtenTable(st)] == "" && writtenTable(st) != "" {
		return nil, nil
	}
	rows, err := s.conns[0].QueryContext(ctx, autoQuery)
	if err != nil {
		return nil, fmt.Errorf("reference counters: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var t, v string
		if err := rows.Scan(&t, &v); err != nil {
			return nil, err
		}
		out[t] = v
	}
	if isBegin {
		s.autoAt = out
	}
	return out, rows.Err()
}

// realign restores the reference's counters after a failed autocommit
// write or a ROLLBACK, and reports each change as a KindAutoInc diff.
func (s *session) realign(ctx context.Context, st Stmt, ref Outcome, before map[string]string) ([]Diff, error) {
	switch {
	case st.Tag == "tx-rollback":
		before = s.autoAt
	case ref.Err == 0:
		return nil, nil
	}
	now, err := s.autoCounters(ctx, Stmt{})
	if err != nil {
		return nil, err
	}
	var out []Diff
	for t, v := range before {
		if now[t] == v {
			continue
		}
		if _, err := s.conns[0].ExecContext(ctx, fmt.Sprintf("ALTER TABLE `%s` AUTO_INCREMENT = %s", t, v)); err != nil {
			return out, fmt.Errorf("reference: reset AUTO_INCREMENT of %s: %w", t, err)
		}
		out = append(out, Diff{Target: s.r.Ref.Name, Kind: KindAutoInc, Stmt: st, Col: t, Want: v, Got: now[t]})
	}
	return out, nil
}
