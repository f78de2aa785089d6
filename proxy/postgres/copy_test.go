package postgres_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// copyTable holds what COPY … TO renders differently per type and format:
// NULLs, numerics at their scale, floats, booleans, timestamps, dates,
// bytea, text with tabs, line breaks, backslashes, delimiters and quotes,
// an empty string, and `\.` alone.
var copyTable = []string{
	`CREATE TABLE ct (id int PRIMARY KEY, n numeric(10,3), f double precision, b boolean, ts timestamp,
		tz timestamptz, d date, bin bytea, s text, big bigint)`,
	`INSERT INTO ct VALUES
		(1, 12.5, 1.5, true, '2024-01-02 03:04:05.123456', '2024-01-02 03:04:05+00', '2024-02-29', '\x00ff5c0a',
			E'tab\there\nnew\\back\rcr', 9000000000),
		(2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
		(3, -0.001, -2.25e-5, false, '1999-12-31 23:59:59', '2000-06-30 12:00:00.5+02', '1970-01-01', '\x',
			'comma, "quoted" ''single'' |pipe|', -7),
		(4, 0, 0.1, true, '2026-05-06 07:08:09', '2026-05-06 07:08:09.000001+00', '2000-01-01', 'abc', '', 0),
		(5, 1234567.891, 1e300, false, '2024-01-02 00:00:00', '2024-01-02 00:00:00+00', '2024-12-31', '\x5c', '\.', 1),
		(6, 100, -0.5, NULL, NULL, NULL, NULL, NULL, 'NULL', NULL),
		(7, 1, 2, true, NULL, NULL, NULL, NULL, E'\\N', NULL)`,
}

// copyStatements are COPY … TO STDOUT in the formats and with the options
// psql and pgx use.
var copyStatements = []string{
	"COPY ct TO STDOUT",
	"COPY ct (id, s, n) TO STDOUT WITH (DELIMITER '|', NULL 'NULL', HEADER)",
	"COPY ct TO STDOUT WITH (FORMAT csv, HEADER)",
	`COPY (SELECT id, s, b FROM ct WHERE id > 1 ORDER BY id DESC) TO STDOUT WITH (FORMAT csv, QUOTE '''', ESCAPE '\', FORCE_QUOTE (s), NULL 'nil')`,
	"COPY (SELECT s FROM ct ORDER BY id) TO STDOUT CSV",
	"COPY (SELECT s FROM ct ORDER BY id) TO STDOUT",
	"COPY ct TO STDOUT CSV HEADER FORCE QUOTE *",
	"COPY ct (s, id) TO STDOUT (FORMAT csv, DELIMITER ';', FORCE_QUOTE (id))",
	"COPY (SELECT count(*), sum(n), avg(id), max(ts), min(s) FROM ct) TO STDOUT (FORMAT csv, HEADER true)",
	"COPY (SELECT id, n, f, b, ts, tz, d, bin, s, big FROM ct ORDER BY id) TO STDOUT WITH (FORMAT binary)",
	"COPY (SELECT id FROM ct WHERE id > 100) TO STDOUT (FORMAT binary)",
	"COPY (SELECT id FROM ct WHERE id > 100) TO STDOUT (HEADER)",
	"COPY big TO STDOUT (FORMAT csv)",
}

// fillCopyTables makes copyTable, and a table of more rows than go out
// in one flush.
func fillCopyTables(t *testing.T, c *pgx.Conn) {
	t.Helper()
	for _, q := range copyTable {
		mustExec(t, c, q)
	}
	mustExec(t, c, "CREATE TABLE big (id int PRIMARY KEY, v text)")
	rows := make([][]any, 2500)
	for i := range rows {
		rows[i] = []any{int32(i), fmt.Sprintf("row %d, \"quoted\"", i)}
	}
	if _, err := c.CopyFrom(context.Background(), pgx.Identifier{"big"}, []string{"id", "v"}, pgx.CopyFromRows(rows)); err != nil {
		t.Fatal(err)
	}
}

// copyOut runs each COPY … TO STDOUT through pgx's CopyTo and returns its
// tag and data.
func copyOut(t *testing.T, c *pgx.Conn) []string {
	t.Helper()
	var out []string
	for _, q := range copyStatements {
		var buf bytes.Buffer
		tag, err := c.PgConn().CopyTo(context.Background(), &buf, q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		out = append(out, fmt.Sprintf("%s\n%s\n%q", q, tag, buf.String()))
	}
	return out
}

// COPY … TO STDOUT gives the bytes PostgreSQL gives, on both backends: in
// text, CSV (its options) and binary format, from pgx and from psql's
// \copy, and inside a transaction it sees the transaction's writes.
func TestCopyToAsPostgreSQL(t *testing.T) {
	ctx := context.Background()
	dsn := testDatabase(t)
	direct, err := pgx.Connect(ctx, dsn+"&timezone=UTC")
	if err != nil {
		t.Fatal(err)
	}
	defer direct.Close(ctx)
	fillCopyTables(t, direct)
	want := copyOut(t, direct)
	wantPsql := psqlCopies(t, dsn)
	forBackends(t, func(t *testing.T, backend string) {
		n := startNodeOn(t, backend, "")
		c := n.connect(t)
		fillCopyTables(t, c)
		for i, got := range copyOut(t, c) {
			if got != want[i] {
				t.Errorf("got\n%s\nPostgreSQL gives\n%s", got, want[i])
			}
		}
		if got := psqlCopies(t, fmt.Sprintf("postgres://postgres:secret@%s/app?sslmode=disable", n.addr)); got != wantPsql {
			t.Errorf("psql \\copy gives\n%s\nPostgreSQL gives\n%s", got, wantPsql)
		}

		// Inside a transaction the COPY sees its writes.
		mustExec(t, c, "BEGIN")
		mustExec(t, c, "INSERT INTO ct (id, s) VALUES (8, 'mine')")
		var buf bytes.Buffer
		tag, err := c.PgConn().CopyTo(ctx, &buf, "COPY (SELECT id, s FROM ct WHERE id > 6 ORDER BY id) TO STDOUT")
		if err != nil || tag.String() != "COPY 2" || buf.String() != "7\t\\\\N\n8\tmine\n" {
			t.Fatalf("COPY in a transaction: %q %v %v", buf.String(), tag, err)
		}
		mustExec(t, c, "ROLLBACK")

		// CSV with an ESCAPE other than the quote, in and out.
		in := "9,\"a\\\"b\\\\c\"\n"
		if _, err := c.PgConn().CopyFrom(ctx, strings.NewReader(in), `COPY ct (id, s) FROM STDIN (FORMAT csv, ESCAPE '\')`); err != nil {
			t.Fatal(err)
		}
		buf.Reset()
		if _, err := c.PgConn().CopyTo(ctx, &buf, `COPY (SELECT id, s FROM ct WHERE id = 9) TO STDOUT (FORMAT csv, ESCAPE '\')`); err != nil || buf.String() != in {
			t.Fatalf("CSV with ESCAPE: %q, sent %q (%v)", buf.String(), in, err)
		}

		// The operation log is a table to COPY like any other.
		buf.Reset()
		tag, err = c.PgConn().CopyTo(ctx, &buf, "COPY blocksql.blocks (height) TO STDOUT")
		var blocks int64
		if err == nil {
			err = c.QueryRow(ctx, "SELECT count(*) FROM blocksql.blocks").Scan(&blocks)
		}
		if err != nil || blocks == 0 || tag.RowsAffected() != blocks || int64(strings.Count(buf.String(), "\n")) != blocks {
			t.Fatalf("COPY blocksql.blocks: %v, %d lines, %d blocks (%v)", tag, strings.Count(buf.String(), "\n"), blocks, err)
		}

		for q, state := range map[string]string{
			"COPY ct TO STDOUT (FORCE_QUOTE (s))":                      "0A000",
			"COPY ct (id) TO STDOUT (FORMAT csv, FORCE_QUOTE (s))":     "42P10",
			"COPY ct TO STDOUT (FORMAT csv, FORCE_QUOTE (nope))":       "42703",
			"COPY ct TO STDOUT (FORMAT binary, HEADER)":                "42601",
			"COPY ct TO STDOUT (FORMAT csv, DELIMITER ',', QUOTE ',')": "22023",
			"COPY nope TO STDOUT":                                      "42P01",
			"COPY ct TO STDOUT (FORMAT csv, HEADER match)":             "0A000",
			// A write inside COPY would change the data off the chain.
			"COPY (DELETE FROM ct RETURNING id) TO STDOUT": "0A000",
		} {
			_, err := c.PgConn().CopyTo(ctx, &bytes.Buffer{}, q)
			wantState(t, err, state)
		}
		var count int
		if err := c.QueryRow(ctx, "SELECT count(*) FROM ct").Scan(&count); err != nil || count != 8 {
			t.Fatalf("rows after the refused COPY: %d %v", count, err)
		}
	})
}

// psqlCopies is what psql prints for COPY … TO STDOUT and \copy … to stdout.
func psqlCopies(t *testing.T, uri string) string {
	t.Helper()
	requirePsql(t)
	cmd := exec.Command("psql", uri, "-X", "-q", "-v", "ON_ERROR_STOP=1",
		"-c", `\copy ct to stdout`,
		"-c", `\copy ct (id, bin, s) to stdout with (format csv, header)`,
		"-c", `\copy (select id, n, tz from ct order by id desc) to stdout csv`,
		"-c", `COPY ct TO STDOUT WITH (NULL '-', DELIMITER ',')`,
		"-c", `\copy (select id, n, b, tz, bin, s from ct order by id) to stdout with (format binary)`,
		"-c", `COPY public.ct (id) TO STDOUT`)
	cmd.Env = append(os.Environ(), "PGTZ=UTC")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("psql: %v: %s", err, out)
	}
	return string(out)
}
