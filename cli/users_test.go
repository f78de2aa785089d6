package cli

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blocksql/blocksql/proxy"
)

// The [users] of a configuration written before init become the genesis
// accounts (hashes only); root stays the node's administrator with a
// hash; no password stays in blocksql.toml, genesis.json or the op log.
func TestUsersBecomeGenesisAccounts(t *testing.T) {
	home, port := newHome(t, "sqlite", "[users]\nroot = \"R00t-pw\"\nalice = \"Al1ce-pw\"\nbob = \"B0b-pw\"")
	cfg, _ := os.ReadFile(filepath.Join(home, ConfigFile))
	genesis, _ := os.ReadFile(filepath.Join(home, "config", "genesis.json"))
	for _, pw := range []string{"R00t-pw", "Al1ce-pw", "B0b-pw"} {
		if strings.Contains(string(cfg)+string(genesis), pw) {
			t.Fatalf("password %s is still in the home's files", pw)
		}
	}
	if !strings.Contains(string(cfg), proxy.NativeHash("R00t-pw")) || strings.Contains(string(cfg), "alice") {
		t.Fatalf("blocksql.toml after init:\n%s", cfg)
	}
	if !strings.Contains(string(genesis), proxy.NativeHash("Al1ce-pw")) {
		t.Fatalf("genesis lacks alice's hash:\n%s", genesis)
	}
	start(t, home, port)
	open := func(userPass string) *sql.DB {
		db, err := sql.Open("mysql", fmt.Sprintf("%s@tcp(127.0.0.1:%d)/", userPass, port))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		db.SetMaxOpenConns(1)
		return db
	}
	for _, bad := range []string{"alice:wrong", "root", "root:Al1ce-pw"} {
		if code, _ := mysqlErr(open(bad).Ping()); code != 1045 {
			t.Errorf("%s: got %d, want 1045", bad, code)
		}
	}
	alice := open("alice:Al1ce-pw")
	for _, q := range []string{"CREATE DATABASE shop", "CREATE TABLE shop.t (id INT PRIMARY KEY)", "INSERT INTO shop.t VALUES (1)",
		"CREATE USER carol IDENTIFIED BY 'C4rol-pw'", "GRANT SELECT ON shop.* TO carol"} {
		if _, err := alice.Exec(q); err != nil {
			t.Fatalf("alice: %s: %v", q, err)
		}
	}
	rows, err := alice.Query("SHOW GRANTS")
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for rows.Next() {
		var l string
		_ = rows.Scan(&l)
		lines = append(lines, l)
	}
	rows.Close()
	if !strings.Contains(strings.Join(lines, "\n"), "GRANT ALL PRIVILEGES ON *.* TO `alice`@`%` WITH GRANT OPTION") {
		t.Fatalf("alice's grants: %q", lines)
	}
	if _, err := open("carol:C4rol-pw").Exec("INSERT INTO shop.t VALUES (2)"); err == nil {
		t.Fatal("carol wrote without the privilege")
	}
	root := open("root:R00t-pw")
	var log string
	if err := root.QueryRow("SELECT GROUP_CONCAT(original_sql) FROM blocksql.statements").Scan(&log); err != nil {
		t.Fatal(err)
	}
	for _, pw := range []string{"R00t-pw", "Al1ce-pw", "C4rol-pw"} {
		if strings.Contains(log, pw) {
			t.Fatalf("the op log holds a password: %s", log)
		}
	}
	// A replay starts from the same genesis accounts, so it reaches every
	// privilege decision the node reached (alice's writes succeed, carol's
	// fails) and the same AppHash; verify checks the node against it.
	if _, err := root.Exec("INSERT INTO shop.t VALUES (3)"); err != nil {
		t.Fatal(err)
	}
	var height string
	if err := root.QueryRow("SELECT @@blocksql_height").Scan(&height); err != nil {
		t.Fatal(err)
	}
	out := "sqlite:" + filepath.Join(t.TempDir(), "replay.db")
	if stdout, stderr, code := runCLI(t, "replay", "--home", home, "--to-height", height, "--output", out); code != 0 {
		t.Fatalf("replay: exit %d\n%s%s", code, stdout, stderr)
	}
	if got := sqliteQuery(t, strings.TrimPrefix(out, "sqlite:"), `SELECT group_concat(id) FROM (SELECT id FROM "shop.t" ORDER BY id)`); got != "1,3" {
		t.Errorf("replayed rows of shop.t: %s, want 1,3", got)
	}
	if stdout, stderr, code := runCLI(t, "verify", "--home", home); code != 0 || !strings.HasPrefix(stdout, "OK:") {
		t.Errorf("verify: exit %d\n%s%s", code, stdout, stderr)
	}
}
