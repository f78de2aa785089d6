package postgres_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
)

// TestRenameColumn: ALTER TABLE … RENAME [COLUMN] a TO b keeps the column's
// rows, default, NOT NULL, unique key, CHECK and foreign keys (its own and
// those that reference it), as PostgreSQL does, and fails as PostgreSQL
// fails (42P01, 42703, 42701).
func TestRenameColumn(t *testing.T) {
	sameAsPostgreSQL(t,
		"CREATE TABLE rp (id int PRIMARY KEY, code text UNIQUE)",
		"CREATE TABLE rc (id serial PRIMARY KEY, a int NOT NULL DEFAULT 3 UNIQUE, b text CHECK (b <> ''), pcode text REFERENCES rp (code), n int)",
		"CREATE INDEX rc_b ON rc (b)",
		"INSERT INTO rp VALUES (1, 'x'), (2, 'y')",
		"INSERT INTO rc (a, b, pcode) VALUES (1, 'one', 'x')",
		"ALTER TABLE rc ALTER COLUMN n SET NOT NULL",
		"ALTER TABLE rc RENAME COLUMN a TO a2",
		"ALTER TABLE rc RENAME b TO b2",
		"ALTER TABLE rp RENAME COLUMN code TO pc",
		"ALTER TABLE rc RENAME COLUMN n TO n2",
		"ALTER TABLE rc RENAME COLUMN nosuch TO z",
		"ALTER TABLE rc RENAME COLUMN a2 TO b2",
		"ALTER TABLE nosuch RENAME COLUMN a TO b",
		"ALTER TABLE IF EXISTS nosuch RENAME COLUMN a TO b",
		"SELECT * FROM rc ORDER BY id",
		"INSERT INTO rc (b2, pcode, n2) VALUES ('two', 'y', 0) RETURNING id, a2, b2",
		"INSERT INTO rc (a2, b2, n2) VALUES (1, 'dup', 0)",
		"INSERT INTO rc (a2, b2, n2) VALUES (NULL, 'n', 0)",
		"INSERT INTO rc (a2, b2, n2) VALUES (7, 'n', NULL)",
		"INSERT INTO rc (a2, b2, n2) VALUES (9, '', 0)",
		"INSERT INTO rc (a2, b2, pcode, n2) VALUES (10, 'z', 'nope', 0)",
		"UPDATE rp SET pc = 'w' WHERE id = 1",
		"DELETE FROM rp WHERE pc = 'y'",
		"ALTER TABLE rc ALTER COLUMN n2 DROP NOT NULL",
		"INSERT INTO rc (a2, b2) VALUES (11, 'eleven') RETURNING a2, n2",
		"SELECT id, a2, b2, pcode, n2 FROM rc WHERE b2 = 'two' OR a2 = 11 ORDER BY id",
		"SELECT table_name, column_name, ordinal_position, column_default, is_nullable FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1, 3",
		"SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1, 2",
		`SELECT co.conname, pg_get_constraintdef(co.oid) FROM pg_constraint co JOIN pg_class t ON t.oid = co.conrelid
		 WHERE t.relname IN ('rc', 'rp') AND co.contype <> 'c' ORDER BY 1`,
	)
}

// TestRenameTable: ALTER TABLE … RENAME TO keeps the rows, the serial
// column's sequence (under its name), the indexes (under theirs) and the
// foreign keys from and to the table; a table made again under the old
// name gets numbered sequence, index and constraint names, as in
// PostgreSQL; errors are PostgreSQL's (42P07, 42P01).
func TestRenameTable(t *testing.T) {
	sameAsPostgreSQL(t,
		"CREATE TABLE tp (id serial PRIMARY KEY, name text UNIQUE)",
		"CREATE TABLE tc (id int PRIMARY KEY, pid int REFERENCES tp ON DELETE CASCADE)",
		"INSERT INTO tp (name) VALUES ('a'), ('b')",
		"INSERT INTO tc VALUES (1, 1), (2, 2)",
		"ALTER TABLE tp RENAME TO tparent",
		"ALTER TABLE IF EXISTS tc RENAME TO tchild",
		"ALTER TABLE tparent RENAME TO tchild",
		"ALTER TABLE tparent RENAME TO tp_pkey",
		"ALTER TABLE tparent RENAME TO tp_id_seq",
		"ALTER TABLE tp RENAME TO x",
		"ALTER TABLE IF EXISTS tp RENAME TO x",
		"SELECT * FROM tp",
		"INSERT INTO tparent (name) VALUES ('c') RETURNING id",
		"DELETE FROM tparent WHERE name = 'a'",
		"SELECT * FROM tchild ORDER BY id",
		"INSERT INTO tchild VALUES (9, 99)",
		"INSERT INTO tparent (name) VALUES ('b')",
		"CREATE TABLE tp (id serial PRIMARY KEY, name text UNIQUE, p int REFERENCES tparent)",
		"INSERT INTO tp (name, p) VALUES ('a', 2) RETURNING id",
		"INSERT INTO tp (name) VALUES ('a')",
		"SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
		"SELECT table_name, column_name, column_default FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1, ordinal_position",
		"SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1, 2",
		`SELECT co.conname, t.relname, pg_get_constraintdef(co.oid) FROM pg_constraint co JOIN pg_class t ON t.oid = co.conrelid
		 WHERE t.relname IN ('tp', 'tparent', 'tchild') ORDER BY 1`,
	)
}

// TestRenameIndex: ALTER INDEX … RENAME TO (GORM's RenameIndex) renames an
// index, and with it the key or unique constraint it is; ALTER TABLE …
// RENAME TO renames an index and ALTER INDEX … RENAME TO a table, as in
// PostgreSQL; the errors are PostgreSQL's (42P01, 42P07, and 2BP01 for a
// renamed constraint's index dropped).
func TestRenameIndex(t *testing.T) {
	sameAsPostgreSQL(t,
		"CREATE TABLE ri (id serial PRIMARY KEY, a int UNIQUE, b text)",
		"CREATE INDEX ri_b ON ri (b)",
		"INSERT INTO ri (a, b) VALUES (1, 'one')",
		"ALTER INDEX ri_b RENAME TO ri_b2",
		"ALTER INDEX ri_a_key RENAME TO ri_a_uniq",
		"ALTER INDEX ri_pkey RENAME TO ri_primary",
		"ALTER INDEX nosuch RENAME TO x",
		"ALTER INDEX IF EXISTS nosuch RENAME TO x",
		"ALTER INDEX ri_b2 RENAME TO ri",
		"ALTER INDEX ri_b2 RENAME TO ri_id_seq",
		"ALTER INDEX ri_b2 RENAME TO ri_b2",
		"ALTER TABLE ri_b2 RENAME TO ri_b3",
		"ALTER INDEX ri RENAME TO ri_t",
		"INSERT INTO ri_t (a, b) VALUES (2, 'two'), (1, 'again')",
		"INSERT INTO ri_t (a, b) VALUES (2, 'two') RETURNING id, a, b",
		"DROP INDEX ri_a_uniq",
		"DROP INDEX ri_primary",
		"SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1, 2",
		`SELECT co.conname, pg_get_constraintdef(co.oid) FROM pg_constraint co JOIN pg_class t ON t.oid = co.conrelid
		 WHERE t.relname = 'ri_t' ORDER BY 1`,
		"DROP INDEX ri_b3",
		"SELECT indexname FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1",
		"SELECT * FROM ri_t WHERE b = 'two'",
	)
}

// TestDropIndexOfConstraint: DROP INDEX of a key's or unique constraint's
// index fails with 2BP01 whatever the constraint is named, and a unique
// index made by CREATE UNIQUE INDEX drops whatever its name, as in
// PostgreSQL.
func TestDropIndexOfConstraint(t *testing.T) {
	sameAsPostgreSQL(t,
		"CREATE TABLE dn (id int, b text, CONSTRAINT dn_named UNIQUE (b), CONSTRAINT dn_pk PRIMARY KEY (id))",
		"DROP INDEX dn_named",
		"DROP INDEX dn_pk",
		"CREATE UNIQUE INDEX dn_plain_key ON dn (id, b)",
		"DROP INDEX dn_plain_key",
		"INSERT INTO dn VALUES (1, 'x'), (2, 'x')",
		"SELECT indexname FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1",
	)
}

// TestRenameColumnMessage: a NOT NULL kept by ALTER … SET NOT NULL names
// the column by its new name once it is renamed, as PostgreSQL does.
func TestRenameColumnMessage(t *testing.T) {
	forBackends(t, func(t *testing.T, backend string) {
		c := startNodeOn(t, backend, "").connect(t)
		mustExec(t, c, "CREATE TABLE nn (id int PRIMARY KEY, v int)")
		mustExec(t, c, "ALTER TABLE nn ALTER COLUMN v SET NOT NULL")
		mustExec(t, c, "ALTER TABLE nn RENAME COLUMN v TO w")
		_, err := c.Exec(context.Background(), "INSERT INTO nn (id) VALUES (1)")
		var pe *pgconn.PgError
		if !errors.As(err, &pe) || pe.Code != "23502" || !strings.HasPrefix(pe.Message, `null value in column "w" of relation "nn" violates not-null constraint`) {
			t.Fatalf("got %v", err)
		}
	})
}

// TestRenamePsqlAndReplay: after renames of columns, indexes and tables psql's \d
// prints the new names on both backends alike, and replaying the node's chain into either backend
// reaches the node's state.
func TestRenamePsqlAndReplay(t *testing.T) {
	out := psqlSameOnBackends(t, true, []string{
		"CREATE TABLE rp (id int PRIMARY KEY, code text UNIQUE)",
		"CREATE TABLE rc (id serial PRIMARY KEY, a int NOT NULL DEFAULT 3 UNIQUE, b text, pcode text REFERENCES rp (code))",
		"CREATE INDEX rc_b ON rc (b)",
		"INSERT INTO rp VALUES (1, 'x')",
		"INSERT INTO rc (a, b, pcode) VALUES (1, 'one', 'x'), (2, 'two', NULL)",
		"ALTER TABLE rc RENAME COLUMN a TO a2",
		"ALTER TABLE rc RENAME b TO b2",
		"ALTER TABLE rp RENAME COLUMN code TO pc",
		"ALTER INDEX rc_b RENAME TO rc_b_renamed", "ALTER INDEX rp_pkey RENAME TO rp_key_renamed",
		"UPDATE rc SET a2 = a2 + 10, b2 = b2 || '!'",
		"INSERT INTO rc (b2, pcode) VALUES ('three', 'x')",
		`\d rc`, `\d rp`, "SELECT * FROM rc ORDER BY id",
		"ALTER TABLE rc RENAME TO rchild", "ALTER TABLE rp RENAME TO rparent",
		"INSERT INTO rchild (a2, b2, pcode) VALUES (4, 'four', 'x')", "DELETE FROM rchild WHERE a2 = 11",
		`\dt`, `\d rchild`, `\d rparent`, "SELECT * FROM rchild ORDER BY id",
	})
	for _, want := range []string{` a2     | integer |           | not null | 3`, `"rc_a_key" UNIQUE CONSTRAINT, btree (a2)`,
		`"rc_pcode_fkey" FOREIGN KEY (pcode) REFERENCES rp(pc)`, `TABLE "rc" CONSTRAINT "rc_pcode_fkey" FOREIGN KEY (pcode) REFERENCES rp(pc)`,
		`  3 |  3 | three | x`, ` id     | integer |           | not null | nextval('rc_id_seq'::regclass)`,
		`TABLE "rchild" CONSTRAINT "rc_pcode_fkey" FOREIGN KEY (pcode) REFERENCES rparent(pc)`, `  4 |  4 | four  | x`,
		`"rc_b_renamed" btree (b2)`, `"rp_key_renamed" PRIMARY KEY, btree (id)`} {
		if !strings.Contains(out, want) {
			t.Errorf("psql output lacks %q:\n%s", want, out)
		}
	}
}
