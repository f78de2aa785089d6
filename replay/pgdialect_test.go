package replay_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/blocksql/blocksql/drivers"
	"github.com/blocksql/blocksql/replay"
)

func TestPGPinClock(t *testing.T) {
	bt := time.Date(2026, 3, 4, 5, 6, 7, 123456000, time.UTC)
	got, err := replay.PGPin("INSERT INTO t (a, b, c) VALUES (now(), CURRENT_TIMESTAMP, current_date)", bt)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"'2026-03-04 05:06:07.123456+00'::timestamp with time zone", "'2026-03-04 05:06:07.123456+00'::pg_catalog.date"} {
		if !strings.Contains(got, want) {
			t.Errorf("pinned text %q lacks %q", got, want)
		}
	}
	if strings.Contains(strings.ToLower(got), "now()") || strings.Contains(strings.ToLower(got), "current_") {
		t.Errorf("clock left in %q", got)
	}
}

func TestPGRefusesNondeterministic(t *testing.T) {
	for _, q := range []string{
		"INSERT INTO t VALUES (random())",
		"INSERT INTO t VALUES (gen_random_uuid())",
		"INSERT INTO t VALUES (currval('s'))",
		"INSERT INTO t VALUES (lastval())",
		"INSERT INTO t VALUES (current_user)",
		"CREATE TEMP TABLE x (a int)",
	} {
		err := replay.PGCheckChain(q)
		var de *drivers.Error
		if !errors.As(err, &de) || de.State != "0A000" {
			t.Errorf("%s: got %v, want SQLSTATE 0A000", q, err)
		}
	}
	if err := replay.PGCheckChain("DELETE FROM blocksql.meta"); err == nil || !strings.Contains(err.Error(), "read-only") {
		t.Errorf("write to blocksql schema: got %v", err)
	}
	// Sequences advance in chain order: the same on every node.
	for _, q := range []string{"INSERT INTO t (a, b) VALUES ($1, now())", "UPDATE t SET a = nextval('s')",
		"CREATE TABLE s (id serial PRIMARY KEY)", "CREATE TABLE s (id int GENERATED ALWAYS AS IDENTITY)",
		"INSERT INTO t VALUES (1) RETURNING a"} {
		if err := replay.PGCheckChain(q); err != nil {
			t.Errorf("%s: deterministic write refused: %v", q, err)
		}
	}
}

// PGPin remembers the text of a statement that reads no clock, never of
// one that does: the same statement in two blocks gets each block's time.
func TestPGPinRepeated(t *testing.T) {
	q := "INSERT INTO t (a, at) VALUES ($1, now())"
	t1, t2 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), time.Date(2027, 6, 7, 8, 9, 10, 0, time.UTC)
	for range 2 {
		a, err1 := replay.PGPin(q, t1)
		b, err2 := replay.PGPin(q, t2)
		if err1 != nil || err2 != nil || !strings.Contains(a, "2026-01-02 03:04:05") || !strings.Contains(b, "2027-06-07 08:09:10") {
			t.Fatalf("pinned %q and %q (%v, %v)", a, b, err1, err2)
		}
	}
	plain := "INSERT INTO t (a) VALUES ($1), ($2)"
	a, _ := replay.PGPin(plain, t1)
	b, err := replay.PGPin(plain, t2)
	if err != nil || a != b || a != plain {
		t.Fatalf("a statement without a clock: %q then %q (%v)", a, b, err)
	}
}

// ALTER TABLE … RENAME [COLUMN] … TO and RENAME TO are chain writes
// answered as ALTER TABLE, ALTER INDEX … RENAME TO one answered as ALTER
// INDEX; other renames are refused, and so is one of blocksql's own
// tables.
func TestPGRenames(t *testing.T) {
	for q, tag := range map[string]string{"ALTER TABLE t RENAME COLUMN a TO b": "ALTER TABLE", "ALTER TABLE t RENAME a TO b": "ALTER TABLE",
		"ALTER TABLE t RENAME TO u": "ALTER TABLE", "ALTER TABLE IF EXISTS public.t RENAME TO u": "ALTER TABLE",
		"ALTER INDEX i RENAME TO j": "ALTER INDEX", "ALTER INDEX IF EXISTS i RENAME TO j": "ALTER INDEX"} {
		stmts, err := replay.PGParse(q)
		if err != nil || stmts[0].Kind != replay.KindWrite || stmts[0].Tag != tag {
			t.Errorf("%s: %v %+v", q, err, stmts)
		}
		if err := replay.PGCheckChain(q); err != nil {
			t.Errorf("%s: refused: %v", q, err)
		}
	}
	for q, state := range map[string]string{"ALTER SEQUENCE s RENAME TO s2": "0A000",
		"ALTER TABLE t RENAME CONSTRAINT c TO d": "0A000", "ALTER TABLE blocksql.meta RENAME TO m": "42501",
		"ALTER TABLE blocksql.meta RENAME COLUMN k TO kk": "42501"} {
		var de *drivers.Error
		if err := replay.PGCheckChain(q); !errors.As(err, &de) || de.State != state {
			t.Errorf("%s: got %v, want SQLSTATE %s", q, err, state)
		}
	}
}
