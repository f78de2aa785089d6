package cli

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"time"

	gomysql "github.com/go-sql-driver/mysql"
)

// TestEndToEnd drives a real node with the real clients, on the embedded
// SQLite backend and on the MariaDB server.
func TestEndToEnd(t *testing.T) {
	for _, backend := range []string{"sqlite", "mysql"} {
		t.Run(backend, func(t *testing.T) {
			home, port := newHome(t, backend, "")
			n := start(t, home, port)
			t.Run("mariadb-cli", func(t *testing.T) { testMariaDBCLI(t, n) })
			t.Run("go-driver", func(t *testing.T) { testGoDriver(t, n) })
			t.Run("transactions", func(t *testing.T) { testTransactions(t, n) })
			t.Run("gorm", func(t *testing.T) { testGORM(t, n) })
			t.Run("determinism", func(t *testing.T) { testDeterminism(t, n) })
			t.Run("refusals", func(t *testing.T) { testRefusals(t, n) })
		})
	}
}

func testMariaDBCLI(t *testing.T, n *testNode) {
	out, err := n.mariadbCLI(t, "CREATE DATABASE shop; USE shop; "+
		"CREATE TABLE items (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(64) NOT NULL UNIQUE, price DECIMAL(10,2)); "+
		"INSERT INTO items (name, price) VALUES ('pen', 1.50), ('ink', 7.25); "+
		"SELECT id, name, price FROM items ORDER BY id; SHOW TABLES; SELECT DATABASE(), @@version_comment;")
	if err != nil {
		t.Fatalf("mariadb: %v\n%s", err, out)
	}
	for _, want := range []string{"1\tpen\t1.50", "2\tink\t7.25", "Tables_in_shop\nitems", "shop\t"} {
		if !strings.Contains(out, want) {
			t.Errorf("mariadb output lacks %q:\n%s", want, out)
		}
	}
	out, err = n.mariadbCLI(t, "INSERT INTO items (name) VALUES ('pen')", "shop")
	if err == nil || !strings.Contains(out, "ERROR 1062 (23000)") {
		t.Errorf("duplicate insert via mariadb: err=%v out=%s", err, out)
	}
	out, err = n.mariadbCLI(t, "DESCRIBE items; SHOW CREATE TABLE items", "shop")
	if err != nil || !strings.Contains(out, "auto_increment") || !strings.Contains(out, "UNIQUE KEY `name`") {
		t.Errorf("describe/show create: err=%v\n%s", err, out)
	}
}

func mysqlErr(err error) (uint16, string) {
	var me *gomysql.MySQLError
	if errors.As(err, &me) {
		return me.Number, string(me.SQLState[:])
	}
	return 0, ""
}

func testGoDriver(t *testing.T, n *testNode) {
	for _, params := range []string{"", "?interpolateParams=true"} {
		db := n.db(t, "shop"+params)
		res, err := db.Exec("INSERT INTO items (name, price) VALUES (?, ?), (?, ?)", "cup"+params, 3.5, "mug"+params, 4)
		if err != nil {
			t.Fatalf("%s insert: %v", params, err)
		}
		id, _ := res.LastInsertId()
		rows, _ := res.RowsAffected()
		if rows != 2 || id == 0 {
			t.Errorf("%s insert: rows=%d id=%d, want 2 rows and the first new id", params, rows, id)
		}
		var name string
		var price float64
		if err := db.QueryRow("SELECT name, price FROM items WHERE id = ?", id).Scan(&name, &price); err != nil || name != "cup"+params || price != 3.5 {
			t.Errorf("%s read back id %d: %q %v err=%v", params, id, name, price, err)
		}
		res, err = db.Exec("UPDATE items SET price = price WHERE id = ?", id)
		if a, _ := res.RowsAffected(); err != nil || a != 0 {
			t.Errorf("%s no-op update affected %d (err %v), want 0 as MySQL reports", params, a, err)
		}
		_, err = db.Exec("INSERT INTO items (name) VALUES (?)", "pen")
		if code, state := mysqlErr(err); code != 1062 || state != "23000" {
			t.Errorf("%s duplicate: %v, want 1062/23000", params, err)
		}
		_, err = db.Exec("INSERT INTO nope VALUES (?)", 1)
		if code, _ := mysqlErr(err); code != 1146 {
			t.Errorf("%s unknown table: %v, want 1146", params, err)
		}
	}
}

func testTransactions(t *testing.T, n *testNode) {
	db := n.db(t, "shop")
	ctx := context.Background()
	count := func() (c int) {
		if err := db.QueryRow("SELECT COUNT(*) FROM items").Scan(&c); err != nil {
			t.Fatal(err)
		}
		return c
	}
	before := count()
	tx, _ := db.BeginTx(ctx, nil)
	_, _ = tx.Exec("INSERT INTO items (name) VALUES ('t1')")
	_, _ = tx.Exec("INSERT INTO items (name) VALUES ('t2')")
	if err := tx.Commit(); err != nil {
		t.Fatalf("commit: %v", err)
	}
	if got := count(); got != before+2 {
		t.Errorf("after commit: %d rows, want %d", got, before+2)
	}
	tx, _ = db.BeginTx(ctx, nil)
	res, err := tx.Exec("INSERT INTO items (name) VALUES ('t3')")
	if id, _ := res.LastInsertId(); err != nil || id == 0 {
		t.Errorf("insert inside a transaction: id %d, err %v; want the new id", id, err)
	}
	_, err = tx.Exec("INSERT INTO items (name) VALUES ('pen')") // duplicate: fails at the statement
	if code, state := mysqlErr(err); code != 1062 || state != "23000" {
		t.Errorf("duplicate inside a transaction: %v, want 1062/23000 at the statement", err)
	}
	if err := tx.Commit(); err != nil {
		t.Errorf("commit after a failed statement: %v, want the other writes committed", err)
	}
	tx, _ = db.BeginTx(ctx, nil)
	_, _ = tx.Exec("INSERT INTO items (name) VALUES ('t4')")
	_ = tx.Rollback()
	if got := count(); got != before+3 {
		t.Errorf("after commit and rollback: %d rows, want %d (t1, t2, t3)", got, before+3)
	}
	rows, err := db.Query("SELECT outcome, error_code FROM blocksql.statements WHERE tx_hash = " +
		"(SELECT tx_hash FROM blocksql.statements WHERE original_sql LIKE '%''t3''%') ORDER BY stmt_index")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for rows.Next() {
		var outcome string
		var code int
		_ = rows.Scan(&outcome, &code)
		got = append(got, fmt.Sprint(outcome, " ", code))
	}
	rows.Close()
	if strings.Join(got, ", ") != "ok 0, error 1062" {
		t.Errorf("operation log of the transaction: %q, want [ok 0, error 1062]", got)
	}
	testConflict(t, db)
}

// testConflict: two transactions are told one row matches; the second to
// commit no longer holds and gets 1213, and its retry commits.
func testConflict(t *testing.T, db *sql.DB) {
	ctx := context.Background()
	take := "UPDATE items SET name = 'taken' WHERE name = 't1'"
	a, _ := db.BeginTx(ctx, nil)
	b, _ := db.BeginTx(ctx, nil)
	for _, tx := range []*sql.Tx{a, b} {
		res, err := tx.Exec(take)
		if n, _ := res.RowsAffected(); err != nil || n != 1 {
			t.Fatalf("each transaction is told 1 row: %d, %v", n, err)
		}
	}
	if err := a.Commit(); err != nil {
		t.Fatal(err)
	}
	if code, state := mysqlErr(b.Commit()); code != 1213 || state != "40001" {
		t.Fatalf("second commit: %d/%s, want 1213/40001", code, state)
	}
	retry, _ := db.BeginTx(ctx, nil)
	if res, err := retry.Exec(take); err != nil {
		t.Fatal(err)
	} else if n, _ := res.RowsAffected(); n != 0 {
		t.Errorf("retry is told %d rows, want 0", n)
	}
	if err := retry.Commit(); err != nil {
		t.Errorf("retry: %v", err)
	}
}

// testDeterminism: NOW() is the block time, and values stored come from
// the block, as recorded in the operation log.
func testDeterminism(t *testing.T, n *testNode) {
	db := n.db(t, "shop")
	if _, err := db.Exec("CREATE TABLE ev (id INT AUTO_INCREMENT PRIMARY KEY, at DATETIME, r DOUBLE, u VARCHAR(36))"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("INSERT INTO ev (at, r, u) VALUES (NOW(), RAND(), UUID())"); err != nil {
		t.Fatal(err)
	}
	var at, blockTime, applied string
	err := db.QueryRow("SELECT CAST(e.at AS CHAR), s.block_time, s.applied_sql FROM ev e, blocksql.statements s "+
		"WHERE s.original_sql LIKE 'INSERT INTO ev%'").Scan(&at, &blockTime, &applied)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(blockTime, at[:19]) {
		t.Errorf("NOW() stored %q, block time %q", at, blockTime)
	}
	if strings.Contains(strings.ToUpper(applied), "NOW()") || strings.Contains(strings.ToUpper(applied), "RAND()") {
		t.Errorf("applied SQL still calls the clock or RNG: %s", applied)
	}
}

func testRefusals(t *testing.T, n *testNode) {
	db := n.db(t, "shop")
	var before, after int
	_ = db.QueryRow("SELECT COUNT(*) FROM blocksql.statements").Scan(&before)
	cases := []struct {
		sql  string
		code uint16
	}{
		{"INSERT INTO items (name) VALUES (SLEEP(1))", 1235},
		{"INSERT INTO items (name) VALUES (@x)", 1235},
		{"DELETE FROM blocksql.statements", 1142},
		{"LOAD DATA INFILE '/etc/passwd' INTO TABLE items", 1235},
		{"CREATE TEMPORARY TABLE tt (x INT)", 1235},
		{"INSERT INTO items VALUES (", 1064},
	}
	for _, c := range cases {
		_, err := db.Exec(c.sql)
		if code, _ := mysqlErr(err); code != c.code {
			t.Errorf("%s: %v, want error %d", c.sql, err, c.code)
		}
	}
	_ = db.QueryRow("SELECT COUNT(*) FROM blocksql.statements").Scan(&after)
	if after != before {
		t.Errorf("refused statements reached the chain: log grew from %d to %d", before, after)
	}
}

// TestCachingSha2 logs in with caching_sha2_password and a password.
func TestCachingSha2(t *testing.T) {
	home, port := newHome(t, "sqlite", "auth_plugin = \"caching_sha2_password\"\n[users]\nroot = \"\"\napp = \"s3cret\"")
	n := start(t, home, port)
	db, err := sql.Open("mysql", fmt.Sprintf("app:s3cret@tcp(127.0.0.1:%d)/?allowNativePasswords=false", n.port))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var user string
	if err := db.QueryRow("SELECT CURRENT_USER()").Scan(&user); err != nil || !strings.HasPrefix(user, "app@") {
		t.Errorf("caching_sha2 login: user %q err %v", user, err)
	}
	bad, _ := sql.Open("mysql", fmt.Sprintf("app:wrong@tcp(127.0.0.1:%d)/", n.port))
	defer bad.Close()
	if code, _ := mysqlErr(bad.Ping()); code != 1045 {
		t.Errorf("wrong password: want 1045")
	}
	_ = time.Second
}

// TestChainAccountBothAuthMethods: an account created on the chain with
// CREATE USER ... IDENTIFIED BY (and one whose password SET PASSWORD
// changed) logs in on a node announcing caching_sha2_password, by a client
// refusing mysql_native_password, and on a node announcing
// mysql_native_password; a wrong password is 1045 with either; the op log
// holds hashes only.
func TestChainAccountBothAuthMethods(t *testing.T) {
	for _, c := range []struct{ plugin, params string }{
		{"caching_sha2_password", "allowNativePasswords=false"},
		{"mysql_native_password", "allowNativePasswords=true"},
	} {
		t.Run(c.plugin, func(t *testing.T) {
			home, port := newHome(t, "sqlite", "auth_plugin = \""+c.plugin+"\"\n[users]\nroot = \"\"")
			n := start(t, home, port)
			root := n.db(t, "")
			for _, q := range []string{"CREATE USER carol IDENTIFIED BY 'C4rol-pw'", "CREATE USER dave IDENTIFIED BY 'D4ve-old'",
				"SET PASSWORD FOR dave = 'D4ve-new'"} {
				if _, err := root.Exec(q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			login := func(userPass string) error {
				db, err := sql.Open("mysql", fmt.Sprintf("%s@tcp(127.0.0.1:%d)/?%s", userPass, n.port, c.params))
				if err != nil {
					t.Fatal(err)
				}
				defer db.Close()
				var user string
				if err := db.QueryRow("SELECT CURRENT_USER()").Scan(&user); err != nil {
					return err
				}
				if name, _, _ := strings.Cut(userPass, ":"); !strings.HasPrefix(user, name+"@") {
					t.Errorf("%s: CURRENT_USER() is %q", userPass, user)
				}
				return nil
			}
			for _, up := range []string{"carol:C4rol-pw", "dave:D4ve-new"} {
				if err := login(up); err != nil {
					t.Errorf("%s: %v", up, err)
				}
			}
			for _, up := range []string{"carol:wrong", "carol", "dave:D4ve-old"} {
				if code, _ := mysqlErr(login(up)); code != 1045 {
					t.Errorf("%s: got %d, want 1045", up, code)
				}
			}
			var log string
			if err := root.QueryRow("SELECT GROUP_CONCAT(original_sql) FROM blocksql.statements").Scan(&log); err != nil {
				t.Fatal(err)
			}
			if strings.Contains(log, "C4rol-pw") || strings.Contains(log, "D4ve-") {
				t.Fatalf("the op log holds a password: %s", log)
			}
		})
	}
}

// TestDigestCommand: `blocksql digest` on two nodes' homes fed the same
// writes, one on SQLite and one on MariaDB, prints the same digest.
func TestDigestCommand(t *testing.T) {
	var digests []string
	for _, backend := range []string{"sqlite", "mysql"} {
		home, port := newHome(t, backend, "")
		n := start(t, home, port)
		db := n.db(t, "")
		for _, s := range []string{"CREATE DATABASE d", "CREATE TABLE d.t (id INT PRIMARY KEY, v DECIMAL(6,2), s VARCHAR(10))",
			"INSERT INTO d.t VALUES (1, 1.5, 'a'), (2, 2, 'B'), (3, NULL, NULL)", "UPDATE d.t SET v = v * 2 WHERE id > 1"} {
			if _, err := db.Exec(s); err != nil {
				t.Fatalf("%s: %s: %v", backend, s, err)
			}
		}
		n.stop()
		out, err := exec.Command(blocksqlBin(t), "digest", "--home", home, "--json").CombinedOutput()
		if err != nil {
			t.Fatalf("digest: %v\n%s", err, out)
		}
		var d struct {
			Hash   string `json:"hash"`
			Tables []struct {
				Rows int `json:"rows"`
			} `json:"tables"`
		}
		if err := json.Unmarshal(out, &d); err != nil || len(d.Tables) != 1 || d.Tables[0].Rows != 3 {
			t.Fatalf("%s digest output %s (%v)", backend, out, err)
		}
		digests = append(digests, d.Hash)
	}
	if digests[0] != digests[1] {
		t.Errorf("sqlite digest %s != mariadb digest %s", digests[0], digests[1])
	}
}
