package sqlite_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/blocksql/blocksql/drivers"
	"github.com/blocksql/blocksql/drivers/sqlite"
)

// pgAlterTypes change column types under rows, defaults, keys, a CHECK, a
// foreign key and NOT NULL kept by triggers, in place and by rebuilding the
// table; state is the SQLSTATE PostgreSQL answers, "" for success.
var pgAlterTypes = []struct{ sql, state string }{
	{"CREATE TABLE ty (id int PRIMARY KEY, a int DEFAULT 5, b text DEFAULT 'x', n numeric(6,2) UNIQUE, v varchar(5), d date, " +
		"ts timestamp, f real, bo boolean, s smallint, w text NOT NULL, j int DEFAULT 40000, z int)", ""},
	{"INSERT INTO ty VALUES (1, 40000, '12', 1.25, 'abc', '2024-01-02', '2024-03-04 05:06:07.5', 1.1, true, 7, 'yes', 1, 1), " +
		"(2, -3, 'ab', -2.5, 'abcde', '2024-02-29', '2024-12-31 23:59:59', 2.25, false, -8, 'no', 2, 2), " +
		"(3, 0, NULL, 3.5, NULL, NULL, NULL, NULL, NULL, NULL, 'nope', 3, NULL)", ""},
	{"ALTER TABLE ty ALTER COLUMN a TYPE smallint", "22003"},
	{"ALTER TABLE ty ALTER a TYPE bigint", ""},
	{"ALTER TABLE ty ALTER COLUMN a SET DATA TYPE integer", ""},
	{"ALTER TABLE ty ALTER s TYPE int8", ""},
	{"ALTER TABLE ty ALTER s TYPE int2", ""},
	{"ALTER TABLE ty ALTER b TYPE integer", "42804"},
	{"ALTER TABLE ty ALTER bo TYPE integer", "42804"},
	{"ALTER TABLE ty ALTER b TYPE integer USING b::integer", "42804"}, // its default 'x'
	{"ALTER TABLE ty ALTER b DROP DEFAULT", ""},
	{"ALTER TABLE ty ALTER COLUMN b TYPE integer USING b::integer", "22P02"},
	{"UPDATE ty SET b = '7' WHERE b = 'ab'", ""},
	{"ALTER TABLE ty ALTER b TYPE int USING b::int", ""},
	{"INSERT INTO ty (id, b, w) VALUES (4, 70000, 'on') RETURNING a, b", ""},
	{"ALTER TABLE ty ALTER n TYPE integer", ""}, // 1.25, -2.5, 3.5 → 1, -3, 4
	{"ALTER TABLE ty ALTER n TYPE numeric(4,1)", ""},
	{"UPDATE ty SET n = 120 WHERE id = 4", ""},
	{"ALTER TABLE ty ALTER n TYPE numeric(3,1)", "22003"},
	{"ALTER TABLE ty ALTER n TYPE numeric(6,2)", ""},
	{"UPDATE ty SET n = 0.96 WHERE id = 4", ""},
	{"ALTER TABLE ty ALTER n TYPE numeric(6,1)", "23505"},
	{"ALTER TABLE ty ALTER n TYPE numeric(6,3)", ""},
	{"ALTER TABLE ty ALTER v TYPE varchar(3)", "22001"},
	{"ALTER TABLE ty ALTER v TYPE text", ""},
	{"ALTER TABLE ty ALTER v TYPE varchar(5)", ""},
	{"ALTER TABLE ty ALTER a TYPE text", ""},
	{"INSERT INTO ty (id, w) VALUES (5, 't') RETURNING a", ""},
	{"ALTER TABLE ty ALTER a TYPE varchar(10)", ""},
	{"ALTER TABLE ty ALTER a TYPE integer USING a::integer", ""},
	{"ALTER TABLE ty ALTER a TYPE numeric(5,2)", "22003"}, // 40000
	{"ALTER TABLE ty ALTER a TYPE numeric(8,2)", ""},
	{"ALTER TABLE ty ALTER a TYPE double precision", ""},
	{"ALTER TABLE ty ALTER d TYPE timestamp", ""},
	{"ALTER TABLE ty ALTER ts TYPE date", ""},
	{"ALTER TABLE ty ALTER d TYPE date", ""},
	{"ALTER TABLE ty ALTER f TYPE double precision", ""},
	{"ALTER TABLE ty ALTER f TYPE real", ""},
	{"ALTER TABLE ty ALTER f TYPE numeric(5,1)", ""},
	{"ALTER TABLE ty ALTER f TYPE integer", ""},
	{"ALTER TABLE ty ALTER w TYPE boolean USING w::boolean", "22P02"},
	{"UPDATE ty SET w = 'off' WHERE w = 'nope'", ""},
	{"ALTER TABLE ty ALTER w TYPE boolean USING NULL", "23502"},
	{"ALTER TABLE ty ALTER COLUMN w TYPE boolean USING w::boolean", ""},
	{"INSERT INTO ty (id, w) VALUES (6, NULL)", "23502"},
	{"UPDATE ty SET j = id", ""},
	{"ALTER TABLE ty ALTER j TYPE smallint", ""}, // the default 40000 fails each INSERT that takes it
	{"INSERT INTO ty (id, w) VALUES (7, true)", "22003"},
	{"ALTER TABLE ty ALTER j SET DEFAULT 9", ""},
	{"INSERT INTO ty (id, w) VALUES (10, true) RETURNING j", ""},
	{"ALTER TABLE ty ALTER z SET NOT NULL", "23502"},
	{"UPDATE ty SET z = 0 WHERE z IS NULL", ""},
	{"ALTER TABLE ty ALTER COLUMN z SET NOT NULL", ""},
	{"ALTER TABLE ty ALTER z TYPE text", ""},
	{"INSERT INTO ty (id, w, z) VALUES (8, true, NULL)", "23502"},
	{"ALTER TABLE ty ALTER z DROP NOT NULL", ""},
	{"INSERT INTO ty (id, w, z) VALUES (9, true, NULL) RETURNING *", ""},
	{"ALTER TABLE ty ALTER b TYPE text", ""},
	{"ALTER TABLE ty ALTER b TYPE numeric USING b::numeric", ""},
	{"ALTER TABLE ty ALTER v TYPE date USING '2020-01-01'", ""},
	{"ALTER TABLE ty ALTER COLUMN v TYPE text", ""},
	{"ALTER TABLE ty ALTER v TYPE timestamp USING v::timestamp + interval '1 hour'", ""},
	{"UPDATE ty SET a = a + 1, b = b * 2, n = n / 3, v = v + interval '1 day', d = d + 1, f = f + 1, w = NOT w", ""},
	{"UPDATE ty SET n = n * 2 WHERE id = 3 RETURNING *", ""},
	{"ALTER TABLE ty ALTER nosuch TYPE int", "42703"},
	{"ALTER TABLE nosuch ALTER a TYPE int", "42P01"},
	{"CREATE TABLE chk (id int PRIMARY KEY, c int NOT NULL CHECK (c > 0))", ""},
	{"INSERT INTO chk VALUES (1, 5), (2, 11)", ""},
	{"ALTER TABLE chk ALTER c TYPE bigint USING c - 10", "23514"},
	{"ALTER TABLE chk ALTER c TYPE bigint USING NULL", "23502"},
	{"ALTER TABLE chk ALTER c TYPE smallint", ""},
	{"ALTER TABLE chk ALTER c TYPE int USING c + id", ""},
	{"CREATE TABLE par (id int PRIMARY KEY, code varchar(5) UNIQUE)", ""},
	{"CREATE TABLE kid (id int PRIMARY KEY, pid int REFERENCES par ON DELETE CASCADE, pcode varchar(5) REFERENCES par (code), q numeric(4,1))", ""},
	{"INSERT INTO par VALUES (1, 'a'), (2, 'b')", ""},
	{"INSERT INTO kid VALUES (1, 1, 'a', 1.5), (2, 2, 'b', 2.5)", ""},
	{"ALTER TABLE kid ALTER pid TYPE bigint", ""},
	{"ALTER TABLE par ALTER id TYPE bigint", ""},
	{"ALTER TABLE par ALTER code TYPE text", ""},
	{"ALTER TABLE kid ALTER pcode TYPE varchar(3)", ""},
	{"ALTER TABLE kid ALTER q TYPE integer", ""}, // a rebuild of a table with foreign keys
	{"INSERT INTO kid VALUES (3, 9, 'a', 1)", "23503"},
	{"DELETE FROM par WHERE id = 1", ""},
	{"UPDATE kid SET q = q + 1 RETURNING *", ""},
	{"ALTER TABLE kid RENAME q TO q2", ""},
	{"ALTER TABLE kid ADD COLUMN r int DEFAULT 3", ""},
	{"ALTER TABLE kid ALTER r TYPE text", ""},
	{"ALTER TABLE kid ALTER q2 TYPE numeric(6,2)", ""},
	{"ALTER TABLE kid RENAME TO kid2", ""},
	{"ALTER TABLE kid2 ALTER r TYPE bigint USING r::bigint * 2", ""},
	{"INSERT INTO kid2 (id, pid, q2) VALUES (4, 2, 7.125) RETURNING *", ""},
}

// TestPGAlterTypeMatchesPostgres: ALTER COLUMN … TYPE applies alike on
// both backends, with the same outcome, row history, state digest and
// AppHash at every block.
func TestPGAlterTypeMatchesPostgres(t *testing.T) {
	applyExpected(t, pgAlterTypes)
}

// TestPGAlterTypeRefusedBeforeChain: the type changes the SQLite backend
// does not apply as PostgreSQL does are refused by Describe, which the
// proxy asks before a write goes to the chain, with 0A000.
func TestPGAlterTypeRefusedBeforeChain(t *testing.T) {
	lite, native := pgBackends(t)
	for i, q := range []string{
		"CREATE TABLE rp (id serial PRIMARY KEY, a int, t text, u uuid, c int CHECK (c > 0))",
		"CREATE TABLE rk (id int PRIMARY KEY, p int REFERENCES rp)",
		"CREATE TABLE rq (id int PRIMARY KEY, a int, code text UNIQUE)",
		"CREATE TABLE rr (id int PRIMARY KEY, q int REFERENCES rq, qc text REFERENCES rq (code))",
	} {
		if got := applyMatching(t, lite, native, int64(i+1), time.Unix(int64(i), 0), pgStep{sql: q}); got.State != "" {
			t.Fatalf("%s: %s %s", q, got.State, got.Message)
		}
	}
	d := lite.Driver().(*sqlite.PGDriver)
	for _, q := range []string{
		"ALTER TABLE rp ALTER a TYPE bigint, ALTER t TYPE varchar(3)",
		"ALTER TABLE rp ALTER id TYPE bigint",
		"ALTER TABLE rp ALTER u TYPE text",
		"ALTER TABLE rp ALTER a TYPE text",
		"ALTER TABLE rk ALTER p TYPE text",
		"ALTER TABLE rp ALTER t TYPE bytea USING t::bytea",
		"ALTER TABLE rq ALTER a TYPE text",               // a rebuild of a table a foreign key references
		"ALTER TABLE rq ALTER code TYPE integer USING 1", // a key a foreign key references
	} {
		_, err := d.Describe(context.Background(), q)
		var de *drivers.Error
		if !errors.As(err, &de) || de.State != "0A000" {
			t.Errorf("%s: %v, want 0A000", q, err)
		}
	}
	for _, q := range []string{"ALTER TABLE rp ALTER a TYPE bigint", "ALTER TABLE rp ALTER t TYPE varchar(3)",
		"ALTER TABLE rk ALTER p TYPE bigint", "ALTER TABLE rp ALTER c TYPE smallint", "ALTER TABLE rq ALTER a TYPE bigint",
		"ALTER TABLE rq ALTER code TYPE varchar(5)"} {
		if _, err := d.Describe(context.Background(), q); err != nil {
			t.Errorf("%s: %v", q, err)
		}
	}
}
