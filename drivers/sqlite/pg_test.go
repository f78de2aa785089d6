package sqlite_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/blocksql/blocksql/consensus"
	pgdriver "github.com/blocksql/blocksql/drivers/postgres"
	"github.com/blocksql/blocksql/drivers/sqlite"
	"github.com/blocksql/blocksql/replay"
)

// pgTestDatabase creates a fresh blocksql_test_<random> database on the
// local PostgreSQL server and drops it when the test ends.
func pgTestDatabase(t testing.TB) string {
	t.Helper()
	ctx := context.Background()
	const admin = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		if os.Getenv("BLOCKSQL_REQUIRE_BACKENDS") == "1" {
			t.Fatalf("PostgreSQL at 127.0.0.1:5432: %v", err)
		}
		t.Skipf("no PostgreSQL at 127.0.0.1:5432: %v", err)
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "blocksql_test_" + hex.EncodeToString(b)
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = conn.Exec(ctx, "DROP DATABASE "+name+" WITH (FORCE)")
		conn.Close(ctx)
	})
	return strings.Replace(admin, "/postgres?", "/"+name+"?", 1)
}

// pgBackends are a postgres-dialect engine on SQLite and one on PostgreSQL.
func pgBackends(t testing.TB, opts ...replay.PGOption) (lite, native *replay.PGEngine) {
	t.Helper()
	ctx := context.Background()
	ld, err := sqlite.OpenPG(filepath.Join(t.TempDir(), "node.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ld.Close() })
	nd, err := pgdriver.Open(ctx, pgTestDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { nd.Close() })
	if lite, err = replay.NewPG(ctx, ld, opts...); err != nil {
		t.Fatal(err)
	}
	if native, err = replay.NewPG(ctx, nd, opts...); err != nil {
		t.Fatal(err)
	}
	return lite, native
}

type pgStep struct {
	sql    string
	params []string // "\x00" is NULL
}

// pgStream is a chain's statements, each a transaction of its own; the
// ones that fail on PostgreSQL must fail on SQLite alike.
var pgStream = []pgStep{
	{sql: `CREATE TABLE acct (id serial PRIMARY KEY, name varchar(10) NOT NULL UNIQUE, code char(4),
		bal numeric(12,2) DEFAULT 0, rate numeric, big bigint, small smallint, ok boolean DEFAULT true,
		born date, at timestamp, atz timestamptz DEFAULT now(), blob bytea, f double precision, r real, note text)`},
	{sql: `INSERT INTO acct (name, code, bal, rate, big, small, ok, born, at, atz, blob, f, r, note) VALUES
		('ann', 'ab', 10.005, 1.500, 9000000000, 7, false, '2024-02-29', '2024-01-02 03:04:05.5', '2024-01-02 03:04:05+02',
		 '\x00ff', 0.1, 1.5, 'a "quoted", (x) \ y'),
		('bob', NULL, -3.004, NULL, NULL, NULL, NULL, NULL, now(), now(), NULL, 1e20, NULL, '')`},
	{sql: `INSERT INTO acct (name, bal) VALUES ($1, $2) RETURNING id, name, bal, ok, atz`, params: []string{"cy", "12.345"}},
	{sql: `INSERT INTO acct (name) VALUES ('ann')`},                     // 23505, draws an id
	{sql: `INSERT INTO acct (name) VALUES ('dan') RETURNING id`},        // the id after the failed one
	{sql: `INSERT INTO acct (name, bal) VALUES ('eve', 12345678901.5)`}, // 22003 numeric overflow
	{sql: `INSERT INTO acct (name, small) VALUES ('fay', 40000)`},       // 22003 smallint
	{sql: `INSERT INTO acct (name, code) VALUES ('gus', 'toolong')`},    // 22001
	{sql: `INSERT INTO acct (name, code) VALUES ('hal', 'ab   ')`},      // trailing spaces cut
	{sql: `INSERT INTO acct (name, born) VALUES ('ivy', '2023-02-30')`}, // 22008
	{sql: `INSERT INTO acct (name, ok) VALUES ('jo', 'yes') RETURNING ok`},
	{sql: `UPDATE acct SET bal = bal * 1.5 + 1, big = big + 1 WHERE bal > 0 RETURNING name, bal, big`},
	{sql: `UPDATE acct SET bal = bal / 3 WHERE name = 'bob'`},
	{sql: `UPDATE acct SET note = name || '-' || id WHERE note IS NULL`},
	{sql: `INSERT INTO acct (name, bal) VALUES ('ann', 1), ('kim', 2) ON CONFLICT (name) DO UPDATE SET bal = acct.bal + excluded.bal RETURNING name, bal`},
	{sql: `INSERT INTO acct (name) VALUES ('kim'), ('lee') ON CONFLICT DO NOTHING`},
	{sql: `DELETE FROM acct WHERE name = $1 RETURNING id`, params: []string{"hal"}},
	{sql: `CREATE TABLE item (sku int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, acct int NOT NULL, qty int, price numeric(8,3))`},
	{sql: `CREATE INDEX ON item (acct)`},
	{sql: `CREATE UNIQUE INDEX item_acct_qty ON item (acct, qty)`},
	{sql: `INSERT INTO item (acct, qty, price) VALUES (1, 2, 3.0005), (1, 3, NULL), (2, 2, '7')`},
	{sql: `INSERT INTO item (sku, acct) VALUES (100, 1)`},         // 428C9
	{sql: `INSERT INTO item (acct, qty) VALUES (1, 2)`},           // 23505
	{sql: `UPDATE item SET qty = qty * 2147483647 WHERE sku = 1`}, // 22003 integer
	{sql: `UPDATE item SET price = COALESCE(price, 0) + qty / 2 WHERE acct = $1`, params: []string{"1"}},
	{sql: `ALTER TABLE item ADD COLUMN label text DEFAULT 'none'`},
	{sql: `INSERT INTO item (acct, qty, label) VALUES (3, 1, DEFAULT), (3, 2, 'x')`},
	{sql: `ALTER TABLE item DROP COLUMN label`},
	{sql: `DELETE FROM item WHERE price IS NULL OR qty IN (4, 5)`},
	{sql: `TRUNCATE acct RESTART IDENTITY`},
	{sql: `INSERT INTO acct (name, bal) VALUES ('new', 1)`},
	{sql: `CREATE TABLE gone (a int)`},
	{sql: `DROP TABLE gone`},
	{sql: `DROP TABLE IF EXISTS gone`},
	{sql: `INSERT INTO nope VALUES (1)`}, // 42P01
	{sql: `CREATE TABLE copy (name text PRIMARY KEY, bal numeric(6,1), n int)`},
	{sql: `INSERT INTO copy SELECT name, bal, 1 FROM acct UNION ALL SELECT 'zz', 1.25, 2`},
	{sql: `INSERT INTO copy (name, n) SELECT name || '2', $1 FROM acct WHERE bal > 0 ON CONFLICT (name) DO UPDATE SET n = excluded.n RETURNING name, n`, params: []string{"7"}},
	{sql: `INSERT INTO copy (name) SELECT name FROM acct`},                                                            // 23505
	{sql: `INSERT INTO copy (name, n) VALUES ('dup', 1), ('dup', 2) ON CONFLICT (name) DO UPDATE SET n = excluded.n`}, // 21000
	{sql: `INSERT INTO acct (name) VALUES ('p1'), ('p2'), ('new'), ('p3')`},                                           // 23505 at the third row
	{sql: `INSERT INTO acct (name) VALUES ('p4') RETURNING id`},
	{sql: `INSERT INTO acct (name) VALUES ('p5'), ('p6'), ('p5') RETURNING id`}, // 23505 at the third row
	{sql: `INSERT INTO acct (name) VALUES ('p7') RETURNING id`},
	{sql: `CREATE TABLE seqonly (id serial PRIMARY KEY, note text)`},
	{sql: `INSERT INTO seqonly DEFAULT VALUES RETURNING id`},
	{sql: `INSERT INTO seqonly VALUES (DEFAULT, 'x'), (nextval('seqonly_id_seq'), 'y') RETURNING id, note`},
	{sql: `INSERT INTO seqonly (note) VALUES ('ok'), (1::text), (12345678901::int::text)`}, // 22003 before any draw
	{sql: `INSERT INTO seqonly (note) VALUES ('z') RETURNING id`},
	{sql: `CREATE TABLE parent (id int PRIMARY KEY, code text UNIQUE, lim numeric(5,2) CHECK (lim >= 0), CHECK (code <> 'bad'))`},
	{sql: `CREATE TABLE child (id serial PRIMARY KEY, pid int REFERENCES parent ON DELETE CASCADE, pcode text,
		qty int NOT NULL CHECK (qty > 0), FOREIGN KEY (pcode) REFERENCES parent (code) ON UPDATE CASCADE ON DELETE SET NULL)`},
	{sql: `INSERT INTO parent VALUES (1, 'a', 1.5), (2, 'b', 0), (3, 'c', NULL)`},
	{sql: `INSERT INTO parent VALUES (4, 'd', -1)`},  // 23514
	{sql: `INSERT INTO parent VALUES (5, 'bad', 1)`}, // 23514
	{sql: `INSERT INTO child (pid, pcode, qty) VALUES (1, 'a', 1), (2, 'b', 2), (2, NULL, 3), (NULL, 'c', 4)`},
	{sql: `INSERT INTO child (pid, qty) VALUES (9, 1)`}, // 23503
	{sql: `INSERT INTO child (pid, qty) VALUES (1, 0)`}, // 23514
	{sql: `UPDATE parent SET code = 'bb' WHERE id = 2`},
	{sql: `DELETE FROM parent WHERE id = 2`},
	{sql: `UPDATE parent SET code = NULL WHERE id = 3`},
	{sql: `UPDATE child SET pid = 7 WHERE qty = 4`},               // 23503
	{sql: `DROP TABLE parent`},                                    // 2BP01
	{sql: `TRUNCATE parent`},                                      // 0A000
	{sql: `CREATE TABLE orphan (id int REFERENCES nowhere)`},      // 42P01
	{sql: `CREATE TABLE badref (id int REFERENCES parent (lim))`}, // 42830
	{sql: `DROP TABLE child`},
	{sql: `DROP TABLE parent`},
	{sql: `CREATE TABLE later (a int, b int NOT NULL, c text) WITH (fillfactor=100)`},
	{sql: `INSERT INTO later VALUES (1, 1, 'x'), (NULL, 2, 'y')`},
	{sql: `ALTER TABLE later ADD PRIMARY KEY (a)`}, // 23502
	{sql: `DELETE FROM later WHERE a IS NULL`},
	{sql: `ALTER TABLE later ADD PRIMARY KEY (a)`},
	{sql: `ALTER TABLE later ADD CONSTRAINT later_b_uniq UNIQUE (b)`},
	{sql: `INSERT INTO later VALUES (NULL, 3, 'z')`}, // 23502
	{sql: `UPDATE later SET a = NULL`},               // 23502
	{sql: `INSERT INTO later VALUES (2, 1, 'z')`},    // 23505
	{sql: `INSERT INTO later VALUES (2, 2, 'z')`},
	{sql: `DELETE FROM later l USING seqonly s WHERE s.id = l.a AND s.note IS NOT NULL RETURNING l.a, l.c`},
	{sql: `DELETE FROM later USING nope WHERE true`}, // 42P01
	{sql: `ALTER TABLE later ALTER COLUMN c SET DEFAULT 'dflt'`},
	{sql: `INSERT INTO later (a, b) VALUES (10, 10)`},
	{sql: `ALTER TABLE later ALTER COLUMN c SET NOT NULL`},
	{sql: `INSERT INTO later (a, b, c) VALUES (11, 11, NULL)`}, // 23502
	{sql: `ALTER TABLE later ALTER COLUMN c DROP NOT NULL, ALTER COLUMN c DROP DEFAULT`},
	{sql: `INSERT INTO later (a, b) VALUES (12, 12)`},
	{sql: `ALTER TABLE later ALTER COLUMN a DROP NOT NULL`}, // 42P16
	{sql: `UPDATE acct SET blob = '\x' WHERE name = 'new'`},
	{sql: `INSERT INTO acct (name, blob) VALUES ('eb', $1)`, params: []string{`\x`}},
	// String literals are read while PostgreSQL parses; lengths,
	// precisions and other constants are checked while it plans.
	{sql: `CREATE TABLE phases (id int PRIMARY KEY, n int, v varchar(3), d date, m numeric(4,1))`},
	{sql: `INSERT INTO phases VALUES (1, 2147483648, 'a', '2024-01-01', 1), (2, 1, 'b', '2023-02-30', 1)`}, // 22008 before 22003
	{sql: `INSERT INTO phases VALUES (1, 1, 'toolong', '2024-01-01', 1), (2, 1, 'b', '2024-13-01', 1)`},    // 22008 before 22001
	{sql: `INSERT INTO phases VALUES (1, 1, 'a', '2024-01-01', 1), (2, 1, 'b', DATE '2024-02-30', 1)`},     // 22008
	{sql: `INSERT INTO phases VALUES (1, 1, 'a', '2024-01-01', 1)`},
	{sql: `UPDATE phases SET m = 12345 WHERE id < 0`},                                                               // 22003 with no row
	{sql: `INSERT INTO phases VALUES (2, 1, 'a', '2024-01-01', 1) ON CONFLICT (id) DO UPDATE SET d = '2023-02-30'`}, // 22008, no conflict
	{sql: `INSERT INTO phases VALUES (2, 1, 'a', '2024-01-01', 1) ON CONFLICT (id) DO UPDATE SET m = 99999`},        // 22003, no conflict
	{sql: `UPDATE phases SET v = CAST('abcdef' AS varchar(2)) || 'x' WHERE id = 1 RETURNING v, ('a' || 'b')::char(1)`},
	// A statement refused while it is parsed or planned draws no serial value.
	{sql: `CREATE TABLE draws (id serial PRIMARY KEY, k int UNIQUE, d date)`},
	{sql: `INSERT INTO draws (k) VALUES (1) ON CONFLICT (k) DO UPDATE SET d = '2024-13-01'`}, // 22008
	{sql: `INSERT INTO draws (k) VALUES (2) ON CONFLICT (k) DO UPDATE SET k = 99999999999`},  // 22003
	{sql: `INSERT INTO draws (k) VALUES (3) RETURNING id`},
	{sql: `INSERT INTO draws (k) VALUES (4), (4), (5) ON CONFLICT (k) DO UPDATE SET d = '2024-01-01'`}, // 21000 at the second row, two ids drawn
	{sql: `INSERT INTO draws (k) VALUES (6) RETURNING id`},
	// The first row moves the row it updates off the key; the second
	// then inserts one.
	{sql: `INSERT INTO draws (k) VALUES (6), (6) ON CONFLICT (k) DO UPDATE SET k = draws.k + 100 RETURNING id, k`},
	// A row touched twice fails the statement where it comes, unless an
	// earlier row fails first.
	{sql: `CREATE TABLE twice (id serial PRIMARY KEY, k int UNIQUE, n int NOT NULL)`},
	{sql: `INSERT INTO twice (k, n) VALUES (1, NULL), (2, 2), (1, 3) ON CONFLICT (k) DO UPDATE SET n = excluded.n`},      // 23502, one id drawn
	{sql: `INSERT INTO twice (k, n) VALUES (1, 1), (2, 2), (1, 3), (4, 4) ON CONFLICT (k) DO UPDATE SET n = excluded.n`}, // 21000, three ids drawn
	{sql: `INSERT INTO twice (k, n) VALUES (5, 5) RETURNING id`},
	{sql: `INSERT INTO twice (k, n) VALUES (5, 6), (5, 7) ON CONFLICT (k) DO UPDATE SET n = excluded.n WHERE twice.n > 100`}, // no row updated, no 21000
	// A RETURNING expression failing at the first row: the later rows
	// draw nothing.
	{sql: `INSERT INTO twice (k, n) VALUES (-2147483648, 1), (20, 2), (21, NULL) RETURNING abs(k)`}, // 22003 at the first row
	{sql: `INSERT INTO twice (k, n) VALUES (22, 1) RETURNING id`},
	{sql: `CREATE TABLE blobs (id int PRIMARY KEY, b bytea)`},
	{sql: `INSERT INTO blobs VALUES (1, '\x'), (2, '\x00'), (3, NULL), (4, '')`},
	{sql: `DELETE FROM blobs WHERE b IN ('\x01', '\x') RETURNING id`},
	// Floats whose shortest decimal in Go is exactly halfway to the next
	// float: PostgreSQL prints one digit more (3.8785094139697024e+16,
	// 3.3554472e+07), and the row history and the AppHash hold that text.
	{sql: `UPDATE acct SET f = 38785094139697024, r = 33554472 WHERE name = 'new' RETURNING f::text, r::text, f * 1e-9, r / 1e3::real`},
}

func TestPGDialectSQLiteMatchesPostgres(t *testing.T) {
	lite, native := pgBackends(t)
	clock := time.Date(2026, 5, 6, 7, 8, 9, 250000000, time.UTC)
	for i, st := range pgStream {
		applyMatching(t, lite, native, int64(i+1), clock.Add(time.Duration(i)*1500*time.Millisecond), st)
	}
}

// applyMatching applies one statement as a block to both engines and
// requires the same outcome (SQLSTATE, row count, RETURNING rows, message
// where the SQLite backend words it), AppHash, row history and state
// digest; it returns the SQLite engine's result.
func applyMatching(t *testing.T, lite, native *replay.PGEngine, height int64, at time.Time, st pgStep) consensus.StmtResult {
	t.Helper()
	ctx := context.Background()
	i := height - 1
	params := make([]consensus.Value, len(st.params))
	for j, p := range st.params {
		params[j] = consensus.Value{Kind: consensus.KindString, Bytes: []byte(p)}
	}
	stmts, err := replay.PGParse(st.sql)
	if err != nil {
		t.Fatalf("%d: %v", i, err)
	}
	tx := &consensus.Tx{Database: "postgres", TimeZone: "UTC", User: "postgres",
		Statements: []consensus.Statement{{SQL: st.sql, Params: params, Canonical: stmts[0].Canonical}}}
	b := consensus.Block{Height: height, Time: at, Hash: []byte{1}, Txs: [][]byte{tx.Marshal()}}
	lr, lh, err := lite.ApplyBlock(ctx, b)
	if err != nil {
		t.Fatalf("%d sqlite: %v", i, err)
	}
	nr, nh, err := native.ApplyBlock(ctx, b)
	if err != nil {
		t.Fatalf("%d postgres: %v", i, err)
	}
	ls, ns := lr[0].Statements[0], nr[0].Statements[0]
	if ls.State != ns.State || ls.RowsAffected != ns.RowsAffected || !sameReturned(ls.Returned, ns.Returned) {
		t.Errorf("%d %s:\n sqlite   %s %q rows %d %s\n postgres %s %q rows %d %s", i, st.sql, ls.State, ls.Message, ls.RowsAffected,
			returnedText(ls.Returned), ns.State, ns.Message, ns.RowsAffected, returnedText(ns.Returned))
	}
	if primary := pgPrimaryMessage(ns.Message); pgWorded[ls.State] && ls.Message != primary {
		// A NULL in a NOT NULL column, a duplicate key and a failed
		// CHECK are told as PostgreSQL tells them (without the row or
		// the key, PostgreSQL's DETAIL).
		t.Errorf("%d %s: message\n sqlite   %q\n postgres %q", i, st.sql, ls.Message, ns.Message)
	}
	if !bytes.Equal(lh, nh) {
		t.Errorf("%d: AppHash differs", i)
	}
	ld, err := lite.Driver().Digest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	nd, err := native.Driver().Digest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if lh, nh := pgRowHistory(t, lite, native, b.Height); lh != nh && !pgCascadeOrder[st.sql] {
		t.Errorf("%d %s: row history differs\nsqlite:\n%s\npostgres:\n%s", i, st.sql, lh, nh)
	}
	if !bytes.Equal(ld, nd) {
		rows, _ := lite.Driver().(*sqlite.PGDriver).DigestRows(ctx)
		t.Fatalf("%d %s: state digest differs\nsqlite:\n%s\npostgres:\n%s", i, st.sql, strings.Join(rows["acct"], "\n")+"\n"+strings.Join(rows["item"], "\n"),
			nativeRows(t, native))
	}
	return ls
}

// pgWorded are the SQLSTATEs whose message the SQLite backend words as
// PostgreSQL does.
var pgWorded = map[string]bool{"23502": true, "23505": true, "23514": true}

// pgPrimaryMessage is msg without the DETAIL the PostgreSQL backend adds
// after it.
func pgPrimaryMessage(msg string) string {
	for _, d := range []string{": Failing row contains", ": Key ("} {
		if i := strings.Index(msg, d); i >= 0 {
			return msg[:i]
		}
	}
	return msg
}

// pgCascadeOrder are the statements whose row history differs by the order
// foreign key actions run in: deleting a parent that a child row references
// through both an ON DELETE CASCADE and an ON DELETE SET NULL key, SQLite
// sets the column to NULL before it deletes the row (an update, then the
// delete), PostgreSQL deletes it. The state after is the same.
var pgCascadeOrder = map[string]bool{`DELETE FROM parent WHERE id = 2`: true}

// pgRowHistory is the row history each backend recorded in the block at
// height, as text.
func pgRowHistory(t *testing.T, lite, native *replay.PGEngine, height int64) (string, string) {
	t.Helper()
	ctx := context.Background()
	q := fmt.Sprintf(`SELECT table_name, pk, op, row_before, row_after, height, stmt_index FROM blocksql.row_changes
		WHERE height = %d ORDER BY id`, height)
	lr, err := lite.Driver().(*sqlite.PGDriver).Read(ctx, q, nil)
	if err != nil {
		t.Fatal(err)
	}
	nat, err := nativeRead(t, native.Driver().(*pgdriver.Driver).Pool(), q)
	if err != nil {
		t.Fatal(err)
	}
	return pgChangeLines(lr.Returned), pgChangeLines(nat.Rows)
}

// nativeRead runs q on PostgreSQL, its rows in text format.
func nativeRead(t *testing.T, pool *pgxpool.Pool, q string) (*consensus.Returned, error) {
	t.Helper()
	ctx := context.Background()
	conn, err := pool.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Release()
	var nat consensus.Returned
	rr := conn.Conn().PgConn().ExecParams(ctx, q, nil, nil, nil, nil)
	for _, f := range rr.FieldDescriptions() {
		nat.Names = append(nat.Names, f.Name)
		nat.OIDs = append(nat.OIDs, f.DataTypeOID)
	}
	for rr.NextRow() {
		row := make([][]byte, len(rr.Values()))
		for i, v := range rr.Values() {
			if v != nil {
				row[i] = append([]byte{}, v...)
			}
		}
		nat.Rows = append(nat.Rows, row)
	}
	_, err = rr.Close()
	return &nat, err
}

// pgChangeLines are row changes as sorted lines led by height and
// statement: the order of the rows one statement changes is the
// database's (SQLite's rowid order, PostgreSQL's heap order).
func pgChangeLines(rows [][][]byte) string {
	lines := make([]string, len(rows))
	for i, r := range rows {
		h, _ := strconv.Atoi(string(r[5]))
		lines[i] = fmt.Sprintf("%06d %s %s", h, r[6], bytes.Join(r[:5], []byte("|")))
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

func sameReturned(a, b *consensus.Returned) bool {
	return returnedText(a) == returnedText(b)
}

func returnedText(r *consensus.Returned) string {
	if r == nil {
		return "-"
	}
	var s strings.Builder
	fmt.Fprintf(&s, "%v %v", r.Names, r.OIDs)
	for _, row := range r.Rows {
		s.WriteString(" [")
		for i, v := range row {
			if i > 0 {
				s.WriteString("|")
			}
			if v == nil {
				s.WriteString("NULL")
			} else {
				s.Write(v)
			}
		}
		s.WriteString("]")
	}
	return s.String()
}

func nativeRows(t *testing.T, e *replay.PGEngine) string {
	ctx := context.Background()
	var out []string
	for _, tb := range []string{"acct", "item"} {
		rows, err := e.Driver().(*pgdriver.Driver).Pool().Query(ctx, "SELECT x::text FROM "+tb+" AS x ORDER BY x::text COLLATE \"C\"")
		if err != nil {
			continue
		}
		texts, _ := pgx.CollectRows(rows, pgx.RowTo[string])
		out = append(out, texts...)
	}
	return strings.Join(out, "\n")
}

// pgReads are SELECTs both backends must answer with the same column
// names, types and text values.
var pgReads = []string{
	`SELECT id, name, code, bal, rate, big, small, ok, born, at, atz, blob, f, r, note FROM acct ORDER BY id`,
	`SELECT * FROM acct WHERE bal > 0.5 AND name LIKE '%e%' ORDER BY bal DESC, id`,
	`SELECT name, bal * 2 AS dbl, bal + 1, bal - rate, -bal, bal / 3, bal % 2, big / 7, small * 3 FROM acct ORDER BY 1`,
	`SELECT count(*), count(bal), sum(bal), avg(bal), min(bal), max(bal), sum(small), avg(small), sum(big), min(name), max(at) FROM acct`,
	`SELECT ok, count(*) AS n, sum(bal) FROM acct GROUP BY ok ORDER BY ok NULLS FIRST`,
	`SELECT name FROM acct ORDER BY bal NULLS FIRST, name LIMIT 3 OFFSET 1`,
	`SELECT a.name, i.qty, i.price, i.price * i.qty AS total FROM acct a JOIN item i ON i.acct = a.id ORDER BY i.sku`,
	`SELECT a.name, i.sku FROM acct a LEFT JOIN item i ON i.acct = a.id ORDER BY a.id, i.sku`,
	`SELECT upper(name), lower('ABC'), length(name), length(code), abs(bal), round(bal), round(bal, 1), round(rate, 2), coalesce(code, 'none'), nullif(name, 'ann') FROM acct ORDER BY id`,
	`SELECT CASE WHEN bal > 10 THEN 'big' WHEN bal > 0 THEN 'small' ELSE 'none' END AS size, greatest(bal, 1.5), least(small, 3) FROM acct ORDER BY id`,
	`SELECT name FROM acct WHERE id IN (1, 3, 5) OR code IS NOT NULL ORDER BY name`,
	`SELECT name FROM acct WHERE bal BETWEEN 0 AND 20 AND NOT ok IS FALSE ORDER BY name`,
	`SELECT name, (SELECT count(*) FROM item WHERE item.acct = acct.id) AS items FROM acct WHERE EXISTS (SELECT 1 FROM item WHERE acct = acct.id) ORDER BY name`,
	`SELECT DISTINCT ok FROM acct ORDER BY ok`,
	`SELECT string_agg(name, ',' ORDER BY name DESC) FROM acct`,
	`SELECT id || ':' || name, concat(name, NULL, code), bal::text, '12.5'::numeric(5,2), 7 / 2, 7.0 / 2, 1 / 3.0, 2.5 * 4, '2024-01-31'::date FROM acct ORDER BY id`,
	`SELECT 1 + 1, 'x', NULL, true, 3000000000, 1.5`,
	`SELECT name FROM acct WHERE name ILIKE 'A%' UNION SELECT 'zz' ORDER BY 1`,
	`SELECT sum(f), avg(f), max(r) FROM acct`,
	`SELECT name FROM acct WHERE code = 'ab' ORDER BY name`,
	`SELECT name FROM acct WHERE atz < '2025-01-01' AND born >= '2024-01-01'`,
	`WITH big AS (SELECT id, bal, ok FROM acct WHERE bal > 1), names AS (SELECT name FROM acct) SELECT count(*), sum(b.bal), bool_or_x FROM big b, (SELECT 1 AS bool_or_x) x GROUP BY bool_or_x`,
	`WITH t AS (SELECT a.id, i.qty FROM acct a JOIN item i ON i.acct = a.id) SELECT * FROM t WHERE qty > 1 ORDER BY id, qty`,
	`SELECT name, row_number() OVER (ORDER BY bal DESC, id), rank() OVER (PARTITION BY ok ORDER BY bal), count(*) OVER (PARTITION BY ok),
		max(bal) OVER (PARTITION BY ok), lag(name) OVER (ORDER BY id), lead(bal, 2) OVER (ORDER BY id), first_value(name) OVER (PARTITION BY ok ORDER BY name) FROM acct ORDER BY id`,
	`SELECT count(*) FILTER (WHERE ok), sum(bal) FILTER (WHERE bal > 1), max(name) FILTER (WHERE id > 2), avg(small) FILTER (WHERE small IS NOT NULL) FROM acct`,
	`SELECT 1 / 0`,
	`SELECT name FROM acct WHERE name = 5`,
	`SELECT name, f > bal, r < rate FROM acct ORDER BY id`,
	`SELECT name FROM acct WHERE ok = 1`,
	`SELECT count(*) FROM acct WHERE born = '2024-02-29 00:00:00'::timestamp AND born < atz AND at >= born ORDER BY 1`,
	`SELECT count(*) FROM acct WHERE at < '2026-05-06 07:08:10'::timestamptz AND atz > '2020-01-01'::date`,
	`SELECT nosuch FROM acct`,
	// Common types as PostgreSQL resolves them: a float wins over numeric
	// and integers, a timestamp over a date.
	`SELECT coalesce(at, DATE '2000-01-01'), greatest(f, small), least(bal, f, 2), coalesce(born, at) FROM acct ORDER BY id`,
	`SELECT CASE WHEN id > 2 THEN f ELSE small END, CASE WHEN id > 2 THEN born ELSE at END, CASE WHEN ok THEN bal ELSE 1 END FROM acct ORDER BY id`,
	`SELECT coalesce(at, born) < coalesce(born, DATE '2000-01-01') FROM acct ORDER BY id`,
	`SELECT coalesce(name, 5) FROM acct`,
	// Numeric literals with an exponent are held positionally; dates in
	// ISO 8601's basic format are read.
	`SELECT 1e2, 2.5e-3, -1.5E+3, 1e2 + 1, '20240115'::date, '20240115 12:34:56'::timestamp, born > '20240101' FROM acct ORDER BY id`,
	`SELECT '20240230'::date`,
	// A literal compared with a typed value is converted once, before any
	// row is read: an invalid one fails with no row to compare too.
	`SELECT count(*) FROM acct WHERE id < 0 AND born < '2023-02-30'`,
	`SELECT count(*) FROM acct WHERE id < 0 AND small = '99999999999'`,
	`SELECT count(*) FROM acct WHERE id < 0 AND bal IN (1, 'x')`,
	// round(integer) is a double; substr counts positions before the
	// first as PostgreSQL does.
	`SELECT round(small), round(id), round(2.5::float8), round(7), round(id, 1) FROM acct ORDER BY id`,
	`SELECT substr(name, 0, 2), substr(name, -1, 3), substr(name, 2), substr(name, -5), substr(name, 3, 0), substr('é😀x', 2, 1) FROM acct ORDER BY id`,
	`SELECT substr(name, 1, -1) FROM acct`,
	// A cast of a constant is done while planning: one that fails fails
	// with no row too.
	`SELECT CASE WHEN id > 0 THEN 1 ELSE CAST(9223372036854775807 AS integer) END FROM acct WHERE id < 0`,
	`SELECT count(*) FROM acct WHERE id < 0 AND born = CAST('2024-13-01' AS date)`,
	`SELECT CAST(2.5 AS integer), CAST('12' AS bigint), CAST(7 AS numeric(3,1)) FROM acct WHERE id < 0`,
	`SELECT CASE WHEN -2 <> 2147483647 THEN 1 ELSE CAST(9223372036854775807 AS integer) END FROM acct WHERE id < 0`,
	// COALESCE drops what follows a non-NULL constant while planning.
	`SELECT 1e2 + coalesce(1.5::float8, CAST(12345678901234567.89 AS integer)), coalesce(2, CAST(9223372036854775807 AS integer), 3) FROM acct ORDER BY id`,
	`SELECT coalesce(NULL, CAST(9223372036854775807 AS integer)) FROM acct WHERE id < 0`,
	`SELECT id FROM acct WHERE blob IN ('\x00ff', '\x') OR blob = '\x00ff' ORDER BY id`,
	`SELECT count(*) FROM acct WHERE blob IN ('\x01', '\x')`,
	`SELECT big::float8 = big, big::float8 + 0.5::float8 > big, 9223372036854775807::float8 = 9223372036854775807 FROM acct ORDER BY id`,
	// Double precision arithmetic fails out of range, and -0 is -0.
	`SELECT f * 1e300::float8 * 1e300::float8 FROM acct WHERE f IS NOT NULL ORDER BY id`,
	`SELECT f * 1e-300::float8 * 1e-300::float8 FROM acct WHERE f IS NOT NULL ORDER BY id`,
	`SELECT -(f * 0), f / 2, f - 1, f + small, f / 0 FROM acct WHERE f IS NOT NULL ORDER BY id`,
	`SELECT -(f * 0), f / 2, f - 1, f + small FROM acct WHERE f IS NOT NULL ORDER BY id`,
}

func TestPGDialectReadsMatchPostgres(t *testing.T) {
	lite, native := pgBackends(t)
	ctx := context.Background()
	clock := time.Date(2026, 5, 6, 7, 8, 9, 250000000, time.UTC)
	setup := append([]pgStep{}, pgStream[:29]...) // before TRUNCATE
	for i, st := range setup {
		applyBoth(t, lite, native, int64(i+1), clock.Add(time.Duration(i)*time.Second), st)
	}
	ld := lite.Driver().(*sqlite.PGDriver)
	pool := native.Driver().(*pgdriver.Driver).Pool()
	for _, q := range pgReads {
		lr, lerr := ld.Read(ctx, q, nil)
		nat, nerr := nativeRead(t, pool, q)
		lite := &consensus.Returned{Names: lr.ReturnedNames, OIDs: lr.ReturnedOIDs, Rows: lr.Returned}
		switch {
		case nerr != nil && lerr != nil:
			continue // both refuse
		case lerr != nil && strings.Contains(lerr.Error(), "0A000"):
			t.Errorf("refused on SQLite: %s: %v", q, lerr)
		case nerr != nil || lerr != nil:
			t.Errorf("%s:\n sqlite   %v\n postgres %v", q, lerr, nerr)
		case returnedText(lite) != returnedText(nat):
			t.Errorf("%s:\n sqlite   %s\n postgres %s", q, returnedText(lite), returnedText(nat))
		}
	}
}

// applyBoth applies one statement as a block to both engines.
func applyBoth(t *testing.T, lite, native *replay.PGEngine, height int64, at time.Time, st pgStep) {
	t.Helper()
	ctx := context.Background()
	params := make([]consensus.Value, len(st.params))
	for j, p := range st.params {
		params[j] = consensus.Value{Kind: consensus.KindString, Bytes: []byte(p)}
	}
	stmts, err := replay.PGParse(st.sql)
	if err != nil {
		t.Fatal(err)
	}
	tx := &consensus.Tx{Database: "postgres", TimeZone: "UTC", User: "postgres",
		Statements: []consensus.Statement{{SQL: st.sql, Params: params, Canonical: stmts[0].Canonical}}}
	b := consensus.Block{Height: height, Time: at, Hash: []byte{1}, Txs: [][]byte{tx.Marshal()}}
	for _, e := range []*replay.PGEngine{lite, native} {
		if _, _, err := e.ApplyBlock(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
}

// With row history off, neither backend records row changes; opening the
// database again without the option keeps it off, and turning it on
// records the changes from then on.
func TestPGDialectRowHistoryOff(t *testing.T) {
	lite, native := pgBackends(t, replay.PGWithRowHistory(false))
	clock := time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC)
	steps := []pgStep{{sql: "CREATE TABLE t (id int PRIMARY KEY, v text)"}, {sql: "INSERT INTO t VALUES (1, 'a')"}}
	for i, st := range steps {
		applyBoth(t, lite, native, int64(i+1), clock, st)
	}
	for h := int64(1); h <= 2; h++ {
		if l, n := pgRowHistory(t, lite, native, h); l != "" || n != "" {
			t.Fatalf("row history off, block %d:\nsqlite:\n%s\npostgres:\n%s", h, l, n)
		}
	}
	ctx := context.Background()
	// A node's engine is opened once per start: reopening is a restart.
	reopen := func(opts ...replay.PGOption) {
		for _, e := range []**replay.PGEngine{&lite, &native} {
			if *e == nil {
				continue
			}
			var err error
			if *e, err = replay.NewPG(ctx, (*e).Driver(), opts...); err != nil {
				t.Fatal(err)
			}
		}
	}
	reopen()
	applyBoth(t, lite, native, 3, clock, pgStep{sql: "UPDATE t SET v = 'b'"})
	if l, n := pgRowHistory(t, lite, native, 3); l != "" || n != "" {
		t.Fatalf("row history after reopening:\nsqlite:\n%s\npostgres:\n%s", l, n)
	}
	reopen(replay.PGWithRowHistory(true))
	applyBoth(t, lite, native, 4, clock, pgStep{sql: "UPDATE t SET v = 'c'"})
	want := `000004 0 t|[1]|update|{"id":1,"v":"b"}|{"id":1,"v":"c"}`
	if l, n := pgRowHistory(t, lite, native, 4); l != want || n != want {
		t.Fatalf("row history on again:\nsqlite:\n%s\npostgres:\n%s", l, n)
	}
}

// What the SQLite backend cannot apply exactly is refused with 0A000 when
// the proxy describes it, before it reaches the chain.
func TestPGDialectSQLiteRefuses(t *testing.T) {
	ctx := context.Background()
	d, err := sqlite.OpenPG(filepath.Join(t.TempDir(), "node.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	e, err := replay.NewPG(ctx, d)
	if err != nil {
		t.Fatal(err)
	}
	applyOne := func(q string) {
		stmts, _ := replay.PGParse(q)
		tx := &consensus.Tx{Statements: []consensus.Statement{{SQL: q, Canonical: stmts[0].Canonical}}}
		res, _, err := e.ApplyBlock(ctx, consensus.Block{Height: e.Height() + 1, Hash: []byte{1}, Txs: [][]byte{tx.Marshal()}})
		if err != nil || !res[0].OK() {
			t.Fatalf("%s: %v %+v", q, err, res)
		}
	}
	applyOne("CREATE TABLE t (id int PRIMARY KEY, v text NOT NULL)")
	applyOne("CREATE TABLE u (id int PRIMARY KEY, w text)")
	for _, q := range []string{
		"CREATE TABLE j (doc jsonb)",
		"CREATE TABLE a (x int[])",
		"CREATE TABLE i (d interval)",
		"CREATE TABLE r (id int REFERENCES t DEFERRABLE INITIALLY DEFERRED)",
		"CREATE INDEX ON t (lower(v))",
		"ALTER TABLE t ALTER COLUMN v DROP NOT NULL",
		"ALTER TABLE t ALTER COLUMN v TYPE varchar(5), ALTER COLUMN id TYPE bigint",
		"UPDATE t SET v = u.w FROM u WHERE u.id = t.id",
		"WITH d AS (DELETE FROM t RETURNING id) INSERT INTO u SELECT id, 'x' FROM d",
		"SELECT DISTINCT ON (v) v FROM t",
		"SELECT sum(id) OVER (ORDER BY id) FROM t",
		"SELECT v FROM t FOR UPDATE",
		"SELECT to_char(12.5, '99D9')",
		"DROP TABLE t CASCADE",
	} {
		_, err := d.Describe(ctx, q)
		if err == nil || !strings.Contains(err.Error(), "0A000") {
			t.Errorf("%s: %v, want 0A000", q, err)
		}
	}
}

// BenchmarkPGRowHistory applies blocks of one single-row UPDATE with row
// history on and off, on each backend: what recording a row costs a write.
func BenchmarkPGRowHistory(b *testing.B) {
	for _, on := range []bool{false, true} {
		b.Run(fmt.Sprintf("history=%v", on), func(b *testing.B) {
			lite, native := pgBackends(b, replay.PGWithRowHistory(on))
			for name, e := range map[string]*replay.PGEngine{"sqlite": lite, "postgres": native} {
				b.Run(name, func(b *testing.B) { benchUpdates(b, e) })
			}
		})
	}
}

func benchUpdates(b *testing.B, e *replay.PGEngine) {
	ctx := context.Background()
	apply := func(sql string) {
		stmts, err := replay.PGParse(sql)
		if err != nil {
			b.Fatal(err)
		}
		tx := &consensus.Tx{Database: "postgres", TimeZone: "UTC", User: "postgres", Nonce: uint64(e.Height()),
			Statements: []consensus.Statement{{SQL: sql, Canonical: stmts[0].Canonical}}}
		blk := consensus.Block{Height: e.Height() + 1, Time: time.Unix(1e9, 0), Hash: []byte{1}, Txs: [][]byte{tx.Marshal()}}
		if res, _, err := e.ApplyBlock(ctx, blk); err != nil || res[0].Failed >= 0 {
			b.Fatalf("%s: %v %+v", sql, err, res)
		}
	}
	apply("CREATE TABLE IF NOT EXISTS bench (id int PRIMARY KEY, n bigint, note text)")
	apply("INSERT INTO bench VALUES (1, 0, 'x') ON CONFLICT DO NOTHING")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		apply("UPDATE bench SET n = n + 1 WHERE id = 1")
	}
}

// TestPGAppHashCoversRowState: the AppHash of a postgres-dialect chain folds
// the rows each block changed, with history on or off: both backends agree
// on it, and a row edited behind one node's back (a write outside the
// chain) makes that node's AppHash differ at the next block that changes
// the row, although every statement's outcome is the same.
func TestPGAppHashCoversRowState(t *testing.T) {
	for _, history := range []bool{true, false} {
		t.Run(fmt.Sprintf("history=%v", history), func(t *testing.T) {
			lite, native := pgBackends(t, replay.PGWithRowHistory(history))
			clock := time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC)
			applyBoth(t, lite, native, 1, clock, pgStep{sql: "CREATE TABLE t (id int PRIMARY KEY, v text)"})
			applyBoth(t, lite, native, 2, clock, pgStep{sql: "INSERT INTO t VALUES (1, 'a'), (2, 'b')"})
			if !bytes.Equal(lite.AppHash(), native.AppHash()) {
				t.Fatalf("AppHashes differ after the same blocks: %x, %x", lite.AppHash(), native.AppHash())
			}
			ctx := context.Background()
			tx, err := native.Driver().Begin(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := tx.ExecText(ctx, "UPDATE t SET v = 'edited' WHERE id = 1", nil); err != nil {
				t.Fatal(err)
			}
			if err := tx.Commit(); err != nil {
				t.Fatal(err)
			}
			applyBoth(t, lite, native, 3, clock, pgStep{sql: "UPDATE t SET v = 'c' WHERE id = 2"})
			if !bytes.Equal(lite.AppHash(), native.AppHash()) {
				t.Fatal("a block that does not touch the edited row changed the AppHashes apart")
			}
			applyBoth(t, lite, native, 4, clock, pgStep{sql: "UPDATE t SET v = 'd' WHERE id = 1"})
			if bytes.Equal(lite.AppHash(), native.AppHash()) {
				t.Fatal("the edited row's update left the AppHashes equal")
			}
		})
	}
}

// pgRenames renames columns and tables under rows, keys, foreign keys
// (ON UPDATE CASCADE, whose cascade the row history records under the new
// names), sequences and NOT NULL kept by triggers, then makes a table again
// under a renamed one's name, whose sequence, key and constraint names
// PostgreSQL then numbers (par_id_seq1, par_pkey1, par_code_check1); state
// is the SQLSTATE PostgreSQL answers, "" for success.
var pgRenames = []struct{ sql, state string }{
	{"CREATE TABLE par (id serial PRIMARY KEY, code text UNIQUE CHECK (code <> ''))", ""},
	{"CREATE TABLE kid (id int PRIMARY KEY, pcode text REFERENCES par (code) ON UPDATE CASCADE, v int NOT NULL DEFAULT 1, w int)", ""},
	{"ALTER TABLE kid ALTER COLUMN w SET NOT NULL", ""},
	{"INSERT INTO par (code) VALUES ('a'), ('b')", ""},
	{"INSERT INTO kid VALUES (1, 'a', 5, 0), (2, 'b', 6, 0)", ""},
	{"ALTER TABLE kid RENAME COLUMN v TO val", ""},
	{"ALTER TABLE kid RENAME w TO w2", ""},
	{"ALTER TABLE par RENAME COLUMN code TO c", ""},
	{"UPDATE par SET c = 'z' WHERE c = 'a'", ""},
	{"INSERT INTO kid (id, pcode, w2) VALUES (3, 'b', 7) RETURNING id, val", ""},
	{"INSERT INTO kid (id, pcode) VALUES (4, 'b')", "23502"},
	{"INSERT INTO kid (id, pcode, w2) VALUES (4, 'nope', 1)", "23503"},
	{"ALTER TABLE kid ALTER COLUMN w2 DROP NOT NULL", ""},
	{"INSERT INTO kid (id, pcode) VALUES (5, 'b')", ""},
	{"ALTER TABLE kid RENAME COLUMN nosuch TO x", "42703"},
	{"ALTER TABLE kid RENAME COLUMN val TO w2", "42701"},
	{"ALTER TABLE nosuch RENAME COLUMN a TO b", "42P01"},
	{"ALTER TABLE IF EXISTS nosuch RENAME COLUMN a TO b", ""},
	{"DELETE FROM kid WHERE val = 1", ""},
	{"ALTER TABLE par RENAME TO par2", ""},
	{"INSERT INTO par2 (c) VALUES ('c') RETURNING id", ""},
	{"INSERT INTO kid (id, pcode, w2) VALUES (6, 'c', 1)", ""},
	{"DELETE FROM par2 WHERE c = 'c'", "23503"},
	{"UPDATE par2 SET c = 'cc' WHERE c = 'c'", ""},
	{"ALTER TABLE kid ADD COLUMN z int DEFAULT 0", ""},
	{"ALTER TABLE kid ALTER COLUMN z SET NOT NULL", ""},
	{"ALTER TABLE IF EXISTS kid RENAME TO kid2", ""},
	{"INSERT INTO kid2 (id, pcode, z) VALUES (7, 'b', NULL)", "23502"},
	{"ALTER TABLE kid2 ALTER COLUMN z DROP NOT NULL", ""},
	{"INSERT INTO kid2 (id, pcode, z) VALUES (8, 'b', NULL)", ""},
	{"ALTER TABLE kid2 RENAME TO par2", "42P07"},
	{"ALTER TABLE kid2 RENAME TO par_pkey", "42P07"},
	{"ALTER TABLE kid2 RENAME TO par_id_seq", "42P07"},
	{"ALTER TABLE kid RENAME TO x", "42P01"},
	{"ALTER TABLE IF EXISTS kid RENAME TO x", ""},
	{"CREATE TABLE par (id serial PRIMARY KEY, code text UNIQUE CHECK (code <> ''), k int REFERENCES par2)", ""},
	{"INSERT INTO par (code, k) VALUES ('q', 2) RETURNING id", ""},
	{"INSERT INTO par (code) VALUES ('')", "23514"},
	{"INSERT INTO par (code) VALUES ('q')", "23505"},
	{"INSERT INTO par2 (c) VALUES ('d') RETURNING id", ""},
	{"DELETE FROM kid2 WHERE pcode = 'b'", ""},
	{"DROP TABLE kid2", ""},
	{"DROP TABLE par", ""},
	{"DROP TABLE par2", ""},
}

// TestPGRenameMatchesPostgres: renames apply alike on both backends, with
// the same row history, state digest and AppHash at every block.
func TestPGRenameMatchesPostgres(t *testing.T) {
	applyExpected(t, pgRenames)
}

// applyExpected applies each statement as a block to a fresh SQLite and
// PostgreSQL engine (applyMatching) and requires state, the SQLSTATE
// PostgreSQL answers ("" for success).
func applyExpected(t *testing.T, stream []struct{ sql, state string }) {
	t.Helper()
	lite, native := pgBackends(t)
	clock := time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC)
	for i, st := range stream {
		if got := applyMatching(t, lite, native, int64(i+1), clock.Add(time.Duration(i)*time.Second), pgStep{sql: st.sql}); got.State != st.state {
			t.Errorf("%s: SQLSTATE %q (%s), PostgreSQL's is %q", st.sql, got.State, got.Message, st.state)
		}
	}
}
