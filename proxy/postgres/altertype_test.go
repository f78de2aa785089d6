package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// TestAlterColumnType: ALTER TABLE … ALTER COLUMN … TYPE converts the
// rows as PostgreSQL does (rounding, the USING expression), fails as it
// fails (42804 without an assignment cast, 22003, 22P02, 22001, 23505),
// and pgx then decodes the column with the new type's OID, in reads,
// RETURNING and the catalog relations, on both backends.
func TestAlterColumnType(t *testing.T) {
	sameAsPostgreSQL(t,
		"CREATE TABLE at (id bigserial PRIMARY KEY, qty int DEFAULT 1, price numeric(8,3) UNIQUE, code varchar(8), born text, ok text, f real)",
		"INSERT INTO at (qty, price, code, born, ok, f) VALUES (40000, 1.255, 'abcdef', '2024-01-02', 'yes', 1.5), (-7, -2.5, 'xy', '2023-12-31', 'no', 2.25)",
		"ALTER TABLE at ALTER COLUMN qty TYPE smallint",
		"ALTER TABLE at ALTER COLUMN qty TYPE bigint",
		"ALTER TABLE at ALTER COLUMN price TYPE numeric(6,2)",
		"ALTER TABLE at ALTER COLUMN price TYPE integer",
		"ALTER TABLE at ALTER COLUMN code TYPE varchar(4)",
		"ALTER TABLE at ALTER COLUMN code TYPE text",
		"ALTER TABLE at ALTER COLUMN born TYPE date",
		"ALTER TABLE at ALTER COLUMN born TYPE date USING born::date",
		"ALTER TABLE at ALTER COLUMN born TYPE timestamp",
		"ALTER TABLE at ALTER COLUMN ok TYPE boolean USING ok::boolean",
		"ALTER TABLE at ALTER COLUMN f TYPE double precision",
		"ALTER TABLE at ALTER COLUMN qty TYPE varchar(10)",
		"ALTER TABLE at ALTER COLUMN qty TYPE numeric(7,1) USING qty::numeric / 3",
		"SELECT * FROM at ORDER BY id",
		"INSERT INTO at (price, code, born, ok, f) VALUES (3, 'c', '2024-05-06 07:08:09', true, 0.1) RETURNING *",
		"INSERT INTO at (price) VALUES (-3)",
		"SELECT column_name, data_type, character_maximum_length, numeric_precision, numeric_scale, column_default FROM information_schema.columns WHERE table_name = 'at' ORDER BY ordinal_position",
		"SELECT a.attname, format_type(a.atttypid, a.atttypmod), t.typname FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid WHERE a.attrelid = 'at'::regclass AND a.attnum > 0 ORDER BY a.attnum",
	)
}

// TestAlterColumnTypeRefusedOnSQLite: a type change a SQLite node would
// apply otherwise than PostgreSQL is refused by its proxy with 0A000,
// saying what is supported, before it reaches the chain.
func TestAlterColumnTypeRefusedOnSQLite(t *testing.T) {
	c := startNodeOn(t, "sqlite", "").connect(t)
	mustExec(t, c, "CREATE TABLE ar (id serial PRIMARY KEY, a int, b text)")
	for q, says := range map[string]string{
		"ALTER TABLE ar ALTER COLUMN id TYPE bigint":                   "serial",
		"ALTER TABLE ar ALTER COLUMN a TYPE bigint, ALTER b TYPE text": "alone",
		"ALTER TABLE ar ALTER COLUMN b TYPE bytea USING b::bytea":      "converts between",
	} {
		_, err := c.Exec(context.Background(), q)
		var pe *pgconn.PgError
		if !errors.As(err, &pe) || pe.Code != "0A000" || !strings.Contains(pe.Message, says) {
			t.Errorf("%s: %v, want 0A000 saying %q", q, err, says)
		}
	}
	var height int64
	if err := c.QueryRow(context.Background(), "SELECT count(*) FROM blocksql.statements WHERE original_sql LIKE '%TYPE%'").Scan(&height); err != nil || height != 0 {
		t.Errorf("refused statements on the chain: %d %v", height, err)
	}
}

// TestAlterColumnTypePsqlAndReplay: after type changes psql's \d prints
// the new types on both backends alike, and replaying the node's chain
// into either backend reaches the node's state.
func TestAlterColumnTypePsqlAndReplay(t *testing.T) {
	out := psqlSameOnBackends(t, true, []string{
		"CREATE TABLE tp (id int PRIMARY KEY, name varchar(20) UNIQUE)",
		"CREATE TABLE tt (id serial PRIMARY KEY, p int REFERENCES tp, amount numeric(10,2) NOT NULL DEFAULT 0, label varchar(5), at date)",
		"ALTER TABLE tt ALTER COLUMN label SET NOT NULL",
		"INSERT INTO tp VALUES (1, 'one'), (2, 'two')",
		"INSERT INTO tt (p, amount, label, at) VALUES (1, 10.5, 'a', '2024-01-02'), (2, 2.25, 'bb', '2024-02-03')",
		"ALTER TABLE tt ALTER COLUMN amount TYPE bigint",
		"ALTER TABLE tt ALTER COLUMN label TYPE text",
		"ALTER TABLE tt ALTER COLUMN at TYPE timestamp(0)",
		"ALTER TABLE tt ALTER COLUMN p TYPE bigint",
		"ALTER TABLE tp ALTER COLUMN name TYPE text",
		"UPDATE tt SET amount = amount * 2, label = label || '!'",
		"INSERT INTO tt (p, label) VALUES (2, 'c')",
		`\d tt`, `\d tp`, "SELECT * FROM tt ORDER BY id",
	})
	for _, want := range []string{` amount | bigint                         |           | not null | 0`, ` label  | text `,
		` at     | timestamp(0) without time zone |`, `  1 | 1 |     22 | a!    | 2024-01-02 00:00:00`} {
		if !strings.Contains(out, want) {
			t.Errorf("psql output lacks %q:\n%s", want, out)
		}
	}
}

// TestAlterColumnTypeHint: a type change without an assignment cast fails
// with PostgreSQL's HINT to write USING, on both backends.
func TestAlterColumnTypeHint(t *testing.T) {
	forBackends(t, func(t *testing.T, backend string) {
		c := startNodeOn(t, backend, "").connect(t)
		mustExec(t, c, `CREATE TABLE ah (id int PRIMARY KEY, b text, "Mixed" boolean, n numeric(6,2))`)
		for q, hint := range map[string]string{
			"ALTER TABLE ah ALTER COLUMN b TYPE integer":                   `You might need to specify "USING b::integer".`,
			`ALTER TABLE ah ALTER COLUMN "Mixed" TYPE numeric`:             `You might need to specify "USING "Mixed"::numeric".`,
			"ALTER TABLE ah ALTER COLUMN n TYPE boolean USING n + 1":       "You might need to add an explicit cast.",
			"ALTER TABLE ah ALTER COLUMN b TYPE varchar(3) USING b || 'x'": "",
		} {
			_, err := c.Exec(context.Background(), q)
			var pe *pgconn.PgError
			if hint == "" {
				if err != nil {
					t.Errorf("%s: %v", q, err)
				}
				continue
			}
			if !errors.As(err, &pe) || pe.Code != "42804" || pe.Hint != hint {
				t.Errorf("%s: %v (hint %q), want 42804 with hint %q", q, err, pe.Hint, hint)
			}
		}
	})
}

// TestAlterColumnTypeInTransaction: inside BEGIN … COMMIT a type change is
// seen by the transaction's next statements (a value the new type takes,
// one it refuses) and by every read after COMMIT, alike on both backends.
func TestAlterColumnTypeInTransaction(t *testing.T) {
	got := map[string]string{}
	forBackends(t, func(t *testing.T, backend string) {
		c := startNodeOn(t, backend, "").connect(t)
		ctx := context.Background()
		mustExec(t, c, "CREATE TABLE atx (id int PRIMARY KEY, v varchar(3), n int)")
		mustExec(t, c, "INSERT INTO atx VALUES (1, 'abc', 7)")
		tx, err := c.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, q := range []string{"ALTER TABLE atx ALTER COLUMN v TYPE varchar(10)", "ALTER TABLE atx ALTER COLUMN n TYPE numeric(6,2)",
			"INSERT INTO atx VALUES (2, 'abcdefgh', 1.255)"} {
			_, err := tx.Exec(ctx, q)
			out = append(out, fmt.Sprint(err))
		}
		if err := tx.Commit(ctx); err != nil {
			t.Fatalf("COMMIT: %v", err)
		}
		rows, err := c.Query(ctx, "SELECT id || ' ' || v || ' ' || n FROM atx ORDER BY id")
		if err != nil {
			t.Fatal(err)
		}
		vals, err := pgx.CollectRows(rows, pgx.RowTo[string])
		out = append(out, fmt.Sprint(vals, err))
		got[backend] = strings.Join(out, "\n")
	})
	if got["sqlite"] != got["postgres"] || !strings.Contains(got["sqlite"], "[1 abc 7.00 2 abcdefgh 1.26] <nil>") {
		t.Fatalf("postgres:\n%s\nsqlite:\n%s", got["postgres"], got["sqlite"])
	}
}
