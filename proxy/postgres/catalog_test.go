package postgres_test

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/blocksql/blocksql/proxy/postgres"
)

// requirePsql skips t without the psql client, or fails it when the
// backends and their clients are required.
func requirePsql(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("psql"); err != nil {
		if os.Getenv("BLOCKSQL_REQUIRE_BACKENDS") == "1" {
			t.Fatal("psql not found")
		}
		t.Skip("psql not found")
	}
}

// psqlEach runs each command with psql (cleartext password "secret") and
// returns each command followed by what psql printed, errors included.
func (n *node) psqlEach(commands []string) string {
	host, port, _ := net.SplitHostPort(n.addr)
	var all strings.Builder
	for _, q := range commands {
		cmd := exec.Command("psql", "-h", host, "-p", port, "-U", "postgres", "-d", "app", "-X", "-c", q)
		cmd.Env = append(os.Environ(), "PGPASSWORD=secret", "PGSSLMODE=disable")
		out, _ := cmd.CombinedOutput()
		all.WriteString(q + "\n" + string(out))
	}
	return all.String()
}

// psqlSameOnBackends runs commands with psql on a fresh node of each
// backend, requires the same output from both (and, with replayed, that
// replaying each node's chain into either backend reaches its state), and
// returns it.
func psqlSameOnBackends(t *testing.T, replayed bool, commands []string) string {
	t.Helper()
	requirePsql(t)
	outputs := map[string]string{}
	forBackends(t, func(t *testing.T, backend string) {
		n := startNodeOn(t, backend, "cleartext")
		outputs[backend] = n.psqlEach(commands)
		if replayed {
			n.assertReplaySame(t)
		}
	})
	if outputs["postgres"] != outputs["sqlite"] {
		t.Fatalf("psql on PostgreSQL:\n%s\npsql on SQLite:\n%s", outputs["postgres"], outputs["sqlite"])
	}
	return outputs["sqlite"]
}

// psql's \dt, \d and \d TABLE print the same on both backends: on SQLite
// the catalog queries psql sends are answered from the engine's catalog.
func TestPsqlDescribe(t *testing.T) {
	out := psqlSameOnBackends(t, false, []string{
		"CREATE TABLE acct (id serial PRIMARY KEY, name varchar(10) NOT NULL UNIQUE, bal numeric(10,2), ok boolean DEFAULT true, note text DEFAULT 'x', n int DEFAULT 0)",
		"CREATE INDEX ON acct (bal)",
		"CREATE TABLE item (sku bigint GENERATED ALWAYS AS IDENTITY, at timestamptz, code char(3))",
		`CREATE TABLE d (a int DEFAULT -1, b bigint DEFAULT -1, c bigint DEFAULT 5, n numeric(6,2) DEFAULT 0,
				m numeric(6,2) DEFAULT -1.5, v varchar(5) DEFAULT 'x', ch char(3) DEFAULT 'ab', t text DEFAULT 'q',
				dt date DEFAULT '2024-01-02', ts timestamp DEFAULT '2024-01-02 03:04:05', f float8 DEFAULT 1.5,
				r real DEFAULT -2, bo boolean DEFAULT false, by bytea DEFAULT '\x00ff', big bigint DEFAULT 3000000000)`,
		`\d d`,
		"CREATE TABLE parent (id int PRIMARY KEY, code text UNIQUE)",
		`CREATE TABLE child (id serial PRIMARY KEY, pid int REFERENCES parent ON DELETE CASCADE, pcode text,
				FOREIGN KEY (pcode) REFERENCES parent (code) ON UPDATE CASCADE ON DELETE SET NULL)`,
		`\d child`, `\d parent`,
		`CREATE TABLE sd (n numeric(10,2) DEFAULT '0', n2 numeric(10,2) DEFAULT '1.5', n3 numeric DEFAULT '2', i int DEFAULT '5',
				i8 bigint DEFAULT '7', b boolean DEFAULT 'true', d date DEFAULT '2024-01-02', f float8 DEFAULT '1.5')`,
		`\d sd`,
		`\dt`, `\d`, `\d acct`, `\d item`, `\dt a*`, `\d nosuch`, `\d+ acct`, `\d+ d`, `\dn`,
	})
	for _, want := range []string{`"acct_name_key" UNIQUE CONSTRAINT, btree (name)`,
		" id     | integer               |           | not null | nextval('acct_id_seq'::regclass) | plain    |             |              | ",
		" bal    | numeric(10,2)         |           |          |                                  | main     |             |              | ",
		"Access method: heap", " blocksql | postgres", " public   | pg_database_owner",
		"    blocksql_capture AFTER INSERT OR DELETE OR UPDATE ON acct FOR EACH ROW EXECUTE FUNCTION blocksql.capture_"} {
		if !strings.Contains(out, want) {
			t.Errorf("psql output lacks %q", want)
		}
	}
	if !strings.Contains(out, `"acct_name_key" UNIQUE CONSTRAINT, btree (name)`) {
		t.Fatalf("psql output:\n%s", out)
	}
}

// SHOW answers the session's settings on both backends (on SQLite from the
// frontend, which sends the same in its ParameterStatus).
func TestShow(t *testing.T) {
	forBackends(t, func(t *testing.T, backend string) {
		n := startNodeOn(t, backend, "")
		c := n.connect(t)
		ctx := context.Background()
		for q, want := range map[string]string{"SHOW TimeZone": "UTC", "SHOW DateStyle": "ISO, MDY",
			"SHOW standard_conforming_strings": "on", "SHOW transaction_isolation": "read committed"} {
			var got string
			if err := c.QueryRow(ctx, q).Scan(&got); err != nil || got != want {
				t.Errorf("%s: %q %v, want %q", q, got, err, want)
			}
		}
		_, err := c.Exec(ctx, "SHOW no_such_setting")
		wantState(t, err, "42704")
	})
}

// psql's \l and \du print the same on both backends: the database the
// session named (a node serves one, under any name) and the node's users,
// none with attributes (blocksql keeps no superusers or role memberships);
// a PostgreSQL node's server does not answer them with its own.
func TestPsqlDatabasesAndRoles(t *testing.T) {
	requirePsql(t)
	outputs := map[string]string{}
	forBackends(t, func(t *testing.T, backend string) {
		n := startNodeWith(t, backend, postgres.Config{Users: map[string]string{"postgres": "secret", "alice": "pw"}, Auth: "cleartext"})
		host, port, _ := net.SplitHostPort(n.addr)
		psql := func(q string) string {
			cmd := exec.Command("psql", "-h", host, "-p", port, "-U", "postgres", "-d", "app", "-X", "-c", q)
			cmd.Env = append(os.Environ(), "PGPASSWORD=secret", "PGSSLMODE=disable")
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("psql %s: %v\n%s", q, err, out)
			}
			return string(out)
		}
		l, du := psql(`\l`), psql(`\du`)
		for _, want := range []string{"List of databases", " app  | postgres | UTF8     | C       | C     |            | libc            | \n(1 row)"} {
			if !strings.Contains(l, want) {
				t.Errorf("\\l lacks %q:\n%s", want, l)
			}
		}
		for _, want := range []string{"List of roles", " alice     |            | {}", " postgres  |            | {}"} {
			if !strings.Contains(du, want) {
				t.Errorf("\\du lacks %q:\n%s", want, du)
			}
		}
		outputs[backend] = l + du
	})
	if outputs["postgres"] != outputs["sqlite"] {
		t.Fatalf("psql on PostgreSQL:\n%s\npsql on SQLite:\n%s", outputs["postgres"], outputs["sqlite"])
	}
}

// Queries of pg_catalog and information_schema that clients write
// themselves answer alike on both backends: on SQLite from relations
// made from the engine's catalog. (OIDs and the catalog name differ between
// nodes, so these queries do not print them.)
func TestCatalogQueries(t *testing.T) {
	answers := map[string][]string{}
	forBackends(t, func(t *testing.T, backend string) {
		n := startNodeOn(t, backend, "")
		c := n.connect(t)
		ctx := context.Background()
		for _, q := range []string{
			"CREATE TABLE parent (id bigserial PRIMARY KEY, code varchar(8) NOT NULL UNIQUE, at timestamptz, amt numeric(12,3) DEFAULT 1.5)",
			"CREATE TABLE child (id int GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, pid bigint REFERENCES parent ON DELETE CASCADE, " +
				"a smallint, b char(2) DEFAULT 'x', ok boolean NOT NULL DEFAULT false, CONSTRAINT child_ab UNIQUE (a, b))",
			"CREATE INDEX child_pid ON child (pid)",
		} {
			mustExec(t, c, q)
		}
		mustExec(t, c, "INSERT INTO parent (code) VALUES ('a'), ('b'), ('c')")
		mustExec(t, c, "INSERT INTO child (pid, a) VALUES (1, 5), (3, 6)")
		mustExec(t, c, "INSERT INTO child (id, a) VALUES (9, 7)")
		mustExec(t, c, "CREATE TABLE names (n text)")
		if backend == "sqlite" {
			// PostgreSQL's pg_class has its system relations too.
			_, err := c.Exec(ctx, "INSERT INTO names SELECT relname FROM pg_class")
			wantState(t, err, "0A000")
			// PostgreSQL lists the merged column first.
			_, err = c.Exec(ctx, "SELECT * FROM parent JOIN child USING (id)")
			wantState(t, err, "0A000")
		}
		var got []string
		for _, q := range []string{
			"SELECT table_schema, table_name, table_type FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
			`SELECT table_name, column_name, ordinal_position, column_default, is_nullable, data_type, udt_name,
				character_maximum_length, numeric_precision, numeric_precision_radix, numeric_scale, datetime_precision,
				is_identity, identity_generation
			 FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`,
			`SELECT tc.table_name, tc.constraint_name, tc.constraint_type, kcu.column_name, kcu.ordinal_position
			 FROM information_schema.table_constraints tc JOIN information_schema.key_column_usage kcu USING (constraint_schema, constraint_name)
			 WHERE tc.table_schema = 'public' ORDER BY 1, 2, 5`,
			`SELECT constraint_name, table_name, column_name FROM information_schema.constraint_column_usage
			 WHERE table_schema = 'public' ORDER BY 1, 3`,
			"SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1, 2",
			`SELECT c.relname, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, a.atthasdef, a.attidentity
			 FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
			 JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
			 WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped ORDER BY 1, 2`,
			`SELECT t.relname, i.relname, x.indisunique, x.indisprimary, x.indnatts
			 FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid
			 WHERE t.relname IN ('parent', 'child') ORDER BY 1, 2`,
			`SELECT co.conname, co.contype, t.relname, f.relname AS parent, co.confdeltype, co.confupdtype
			 FROM pg_constraint co JOIN pg_class t ON t.oid = co.conrelid LEFT JOIN pg_class f ON f.oid = co.confrelid
			 WHERE t.relname IN ('parent', 'child') ORDER BY 1`,
			`SELECT t.relname, a.attname, x.indkey FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid
			 JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = ANY(x.indkey)
			 WHERE t.relname IN ('parent', 'child') AND x.indisunique ORDER BY 1, 2`,
			`SELECT conname, conkey, confkey FROM pg_constraint WHERE conrelid = (SELECT oid FROM pg_class WHERE relname = 'child') ORDER BY 1`,
			`SELECT c.relname, a.attname, pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d JOIN pg_class c ON c.oid = d.adrelid
			 JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum WHERE c.relname IN ('parent', 'child') ORDER BY 1, 2`,
			`SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
			 WHERE conrelid IN (SELECT oid FROM pg_class WHERE relname IN ('parent', 'child')) ORDER BY 1`,
			"SELECT relname, pg_get_indexdef(oid) FROM pg_class WHERE relkind = 'i' AND relname LIKE 'child%' ORDER BY 1",
			`SELECT attname, attrelid::regclass FROM pg_attribute WHERE attrelid = 'public."parent"'::regclass AND attnum > 0 ORDER BY attnum`,
			"SELECT relname, relkind FROM pg_class WHERE relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = 'public') ORDER BY 1",
			"SELECT typname, typlen FROM pg_type WHERE typname IN ('int4', 'numeric', 'varchar', 'bool', 'timestamptz') ORDER BY 1",
			"SELECT current_schema(), current_user, session_user",
			`SELECT id, code, child.a, child.id AS cid, p.pid FROM parent LEFT JOIN child USING (id)
			 RIGHT JOIN child AS p USING (id) ORDER BY 1`,
			`SELECT count(*) FROM pg_description d JOIN pg_class c ON c.oid = d.objoid
			 JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'`,
		} {
			for _, mode := range []pgx.QueryExecMode{pgx.QueryExecModeSimpleProtocol, pgx.QueryExecModeCacheStatement} {
				rows, err := c.Query(ctx, q, mode)
				if err != nil {
					t.Fatalf("%s: %v", q, err)
				}
				vals, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (string, error) {
					v, err := r.Values()
					return fmt.Sprint(v), err
				})
				if err != nil {
					t.Fatalf("%s: %v", q, err)
				}
				got = append(got, fmt.Sprintf("%s (%v)\n%s", q, mode, strings.Join(vals, "\n")))
			}
		}
		if testing.Verbose() {
			t.Log(strings.Join(got, "\n"))
		}
		answers[backend] = got
	})
	for i := range answers["postgres"] {
		if i >= len(answers["sqlite"]) || answers["postgres"][i] != answers["sqlite"][i] {
			t.Errorf("on PostgreSQL:\n%s\non SQLite:\n%s", answers["postgres"][i], answers["sqlite"][i])
		}
	}
}
