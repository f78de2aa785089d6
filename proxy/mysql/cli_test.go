package mysql_test

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	mysqlfront "github.com/blocksql/blocksql/proxy/mysql"
)

// mariadbCLI runs the mariadb command-line client against n, or skips.
func mariadbCLI(t *testing.T, n *testNode, args ...string) (string, error) {
	t.Helper()
	if _, err := exec.LookPath("mariadb"); err != nil {
		t.Skip("the mariadb client is not installed")
	}
	all := append([]string{"--no-defaults", "-h", "127.0.0.1", "-P", n.port, "-u", "root"}, args...)
	out, err := exec.Command("mariadb", all...).CombinedOutput()
	return string(out), err
}

func TestMariaDBClientBatch(t *testing.T) {
	n := startNode(t, mysqlfront.Config{})
	if out, err := mariadbCLI(t, n, "-e", "CREATE DATABASE shop; "+
		"CREATE TABLE shop.t (id INT PRIMARY KEY, v VARCHAR(10)); INSERT INTO shop.t VALUES (1, 'one'), (2, NULL)"); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	out, err := mariadbCLI(t, n, "shop", "-e", "SELECT * FROM t ORDER BY id; SELECT DATABASE(), USER()")
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	want := "id\tv\n1\tone\n2\tNULL\nDATABASE()\tUSER()\nshop\troot@127.0.0.1\n"
	if out != want {
		t.Fatalf("output\n%q\nwant\n%q", out, want)
	}
	out, err = mariadbCLI(t, n, "shop", "-e", "INSERT INTO t VALUES (1, 'again')")
	if err == nil || !strings.Contains(out, "ERROR 1062 (23000)") {
		t.Fatalf("duplicate insert: err=%v output=%q, want ERROR 1062 (23000)", err, out)
	}
}

// TestMariaDBClientDoubleText: a DOUBLE is sent as MariaDB writes it,
// plain from 1e-15 to 1e15 and with an exponent outside.
func TestMariaDBClientDoubleText(t *testing.T) { forEachBackend(t, testDoubleText) }

func testDoubleText(t *testing.T, backend string) {
	n, _ := appNode(t, backend, "CREATE TABLE app.f (id INT PRIMARY KEY, x DOUBLE)",
		"INSERT INTO app.f VALUES (1, -1e-5), (2, 1e-15), (3, 1e-16), (4, 1e15), (5, 123456789012345678), (6, 0)")
	out, err := mariadbCLI(t, n, "-N", "-e", "SELECT x FROM app.f ORDER BY id")
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if want := "-0.00001\n0.000000000000001\n1e-16\n1e15\n1.2345678901234568e17\n0\n"; out != want {
		t.Errorf("output %q, want %q", out, want)
	}
}

// TestMariaDBClientInteractive drives the client through a terminal so it
// runs its interactive connect-time queries (@@version_comment for the
// banner), reads table names on USE (COM_FIELD_LIST) and answers status
// (COM_STATISTICS).
func TestMariaDBClientInteractive(t *testing.T) {
	if _, err := exec.LookPath("script"); err != nil {
		t.Skip("script(1) is needed to give the client a terminal")
	}
	n := startNode(t, mysqlfront.Config{})
	if out, err := mariadbCLI(t, n, "-e", "CREATE DATABASE shop; CREATE TABLE shop.t (id INT PRIMARY KEY)"); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	cmd := exec.Command("script", "-qec", "mariadb --no-defaults -h 127.0.0.1 -P "+n.port+" -u root", os.DevNull)
	cmd.Stdin = strings.NewReader("use shop\nINSERT INTO t VALUES (7);\nSELECT id FROM t;\nstatus\nexit\n")
	cmd.Env = append(os.Environ(), "TERM=dumb")
	outb, err := cmd.CombinedOutput()
	out := string(outb)
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	for _, want := range []string{
		"Server version: 8.0.36-blocksql blocksql", // banner: select @@version_comment limit 1
		"Reading table information",                // USE: COM_FIELD_LIST per table
		"Database changed",
		"Query OK, 1 row affected",
		"|  7 |",                          // as MariaDB prints it: a NOT NULL column is not widened for "NULL"
		"Current user:\t\troot@127.0.0.1", // status: select DATABASE(), USER()
		"Uptime:",                         // status: COM_STATISTICS
		"Block height: 3",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("interactive session lacks %q:\n%s", want, out)
		}
	}
}

// TestMariaDBClientCachingSHA2 uses an empty password: Debian's client is
// built with GnuTLS, whose caching_sha2_password sends the password with
// PKCS#1 v1.5 padding instead of the OAEP that MySQL servers (and
// go-mysql) decrypt, so full authentication over plain TCP fails there.
func TestMariaDBClientCachingSHA2(t *testing.T) {
	n := startNode(t, mysqlfront.Config{AuthPlugin: "caching_sha2_password"})
	out, err := mariadbCLI(t, n, "-e", "SELECT CURRENT_USER()")
	if err != nil {
		if strings.Contains(out, "plugin") {
			t.Skipf("client lacks caching_sha2_password: %s", out)
		}
		t.Fatalf("%v: %s", err, out)
	}
	if !strings.Contains(out, "root@%") {
		t.Fatalf("output %q", out)
	}
}

// TestMariaDBDumpRoundTrip: mariadb-dump --single-transaction (SAVEPOINT,
// UNLOCK TABLES, SELECT /*!40001 SQL_NO_CACHE */, information_schema
// TRIGGERS, @@sql_notes) dumps a database, and the mariadb client loads the
// dump into another one with the same definition and rows. LOCK TABLES is
// refused, so the dump is made without it (--skip-add-locks).
func TestMariaDBDumpRoundTrip(t *testing.T) {
	if _, err := exec.LookPath("mariadb-dump"); err != nil {
		t.Skip("mariadb-dump is not installed")
	}
	forEachBackend(t, testMariaDBDumpRoundTrip)
}

func testMariaDBDumpRoundTrip(t *testing.T, backend string) {
	n := startNodeOn(t, mysqlfront.Config{}, backend)
	if out, err := mariadbCLI(t, n, "-e", "CREATE DATABASE shop; CREATE DATABASE copy; "+
		"CREATE TABLE shop.items (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(64) NOT NULL UNIQUE, "+
		"price DECIMAL(10,2), note TEXT, KEY by_price (price)); "+
		`INSERT INTO shop.items (name, price, note) VALUES ('a', 1.50, NULL), ('b''s', NULL, 'x\ty'), ('c', 3, '')`); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	dump, err := exec.Command("mariadb-dump", "--no-defaults", "-h", "127.0.0.1", "-P", n.port, "-u", "root",
		"--single-transaction", "--skip-add-locks", "shop").CombinedOutput()
	if err != nil {
		t.Fatalf("mariadb-dump: %v: %s", err, dump)
	}
	load := exec.Command("mariadb", "--no-defaults", "-h", "127.0.0.1", "-P", n.port, "-u", "root", "copy")
	load.Stdin = strings.NewReader(string(dump))
	if out, err := load.CombinedOutput(); err != nil {
		t.Fatalf("loading the dump: %v: %s", err, out)
	}
	for _, q := range []string{"SELECT * FROM %s.items ORDER BY id", "SHOW CREATE TABLE %s.items"} {
		want, err := mariadbCLI(t, n, "-N", "-e", strings.ReplaceAll(q, "%s", "shop"))
		if err != nil {
			t.Fatalf("%v: %s", err, want)
		}
		got, err := mariadbCLI(t, n, "-N", "-e", strings.ReplaceAll(q, "%s", "copy"))
		if err != nil || got != want {
			t.Errorf("%s in the copy: %v\n%s\nwant\n%s", q, err, got, want)
		}
	}
}
