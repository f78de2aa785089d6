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
	d := s.r.dialect()
	for _, t := range d.schema() {
		if only != "" && t.name != only {
			continue
		}
		q := Stmt{SQL: fmt.Sprintf("SELECT * FROM %s ORDER BY %s", d.quote(t.name), t.orderBy("")), Query: true}
		outs := s.all(ctx, q)
		for _, d := range s.diffs(i, st, outs) {
			if d.Kind == KindType || d.Kind == KindTag {
				continue // types are compared on the generated SELECTs, and the row counts tell what a tag would
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
var writeTarget = regexp.MustCompile("^(?:INSERT(?: IGNORE)? INTO|REPLACE INTO|UPDATE|DELETE FROM) [`\"]?([a-z0-9]+)\\b")

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
// happen consumes none, where InnoDB keeps the ids a failed statement, an
// ignored row or a rolled-back transaction took. After each write outside
// a transaction the reference's counters are set to the first blocksql
// node's, so later ids compare; each change is reported as a KindAutoInc
// difference (a documented deviation when InnoDB was ahead).

// realign puts the reference's counters where blocksql's are.
func (s *session) realign(ctx context.Context, i int, st Stmt) ([]Diff, error) {
	d := s.r.dialect()
	autoTables := d.autoTables()
	if w := writtenTable(st); w != "" && !autoTables[w] {
		return nil, nil
	}
	var node Target
	for _, t := range s.r.Subjects {
		if t.AutoInc != nil {
			node = t
			break
		}
	}
	if node.AutoInc == nil {
		return nil, nil
	}
	var out []Diff
	for t := range autoTables {
		ref, ok, err := d.refCounter(ctx, s.conns[0], t)
		if err != nil {
			return out, fmt.Errorf("reference counter of %s: %w", t, err)
		}
		if !ok {
			continue
		}
		next, ok, err := node.AutoInc(ctx, s.db, t)
		if err != nil || !ok || uint64(ref) == next {
			continue
		}
		if err := d.setRefCounter(ctx, s.conns[0], t, next); err != nil {
			return out, fmt.Errorf("reference: set the counter of %s: %w", t, err)
		}
		out = append(out, Diff{Target: node.Name, Kind: KindAutoInc, Index: i, Stmt: st, Col: t,
			Want: fmt.Sprint(ref), Got: fmt.Sprint(next)})
	}
	return out, nil
}
