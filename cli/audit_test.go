package cli

import (
	"bytes"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blocksql/blocksql/replay/audit"
)

// auditNode starts a SQLite node with two users and runs a small history
// on shop.items: alice inserts pen and ink, raises pen's price and deletes
// ink; root's transaction fails on a duplicate.
func auditNode(t *testing.T) *testNode {
	home, port := newHome(t, "sqlite", "[users]\nroot = \"\"\nalice = \"pw\"")
	n := start(t, home, port)
	root := n.db(t, "")
	mustExec(t, root, "CREATE DATABASE shop")
	mustExec(t, root, "CREATE TABLE shop.items (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(32) NOT NULL UNIQUE, price DECIMAL(8,2))")
	alice := openAs(t, n, "alice:pw", "shop")
	mustExec(t, alice, "INSERT INTO items (name, price) VALUES ('pen', 1.5)")
	mustExec(t, alice, "INSERT INTO items (name, price) VALUES ('ink', 7.25)")
	mustExec(t, alice, "UPDATE items SET price = 2 WHERE name = 'pen'")
	tx, err := root.Begin()
	if err != nil {
		t.Fatal(err)
	}
	// The transaction is told its UPDATE matches 'ink'; alice deletes it
	// before COMMIT, so the transaction aborts with 1213.
	_, _ = tx.Exec("INSERT INTO shop.items (name) VALUES ('cup')")
	_, _ = tx.Exec("UPDATE shop.items SET price = 9 WHERE name = 'ink'")
	mustExec(t, alice, "DELETE FROM items WHERE name = 'ink'")
	if err := tx.Commit(); err == nil {
		t.Fatal("the transaction committed although a row it updated was deleted")
	}
	return n
}

func openAs(t *testing.T, n *testNode, cred, db string) *sql.DB {
	t.Helper()
	d, err := sql.Open("mysql", cred+"@tcp(127.0.0.1:"+itoa(n.port)+")/"+db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

func itoa(n int) string { return fmtInt(n) }

func mustExec(t *testing.T, db *sql.DB, q string) {
	t.Helper()
	if _, err := db.Exec(q); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// blocksqlCLI runs a blocksql command and returns its standard output.
func blocksqlCLI(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	cmd := exec.Command(blocksqlBin(t), args...)
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	if err != nil {
		return out.String() + errOut.String(), err
	}
	return out.String(), nil
}

func cliJSON[T any](t *testing.T, args ...string) T {
	t.Helper()
	out, err := blocksqlCLI(t, args...)
	if err != nil {
		t.Fatalf("blocksql %v: %v\n%s", args, err, out)
	}
	var v T
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("blocksql %v: %v\n%s", args, err, out)
	}
	return v
}

func TestAuditTrail(t *testing.T) {
	n := auditNode(t)
	t.Run("sql", func(t *testing.T) { testAuditSQL(t, n) })
	t.Run("log", func(t *testing.T) { testLogCLI(t, n) })
	t.Run("history", func(t *testing.T) { testHistoryCLI(t, n) })
	t.Run("diff", func(t *testing.T) { testDiffCLI(t, n) })
	t.Run("proof", func(t *testing.T) { testProof(t, n) })
}

// testAuditSQL reads the blocksql schema with a real MySQL driver.
func testAuditSQL(t *testing.T, n *testNode) {
	db := n.db(t, "")
	var height, txCount int64
	var tm, hash, proposer, appHash string
	err := db.QueryRow("SELECT height, time, hash, proposer, tx_count, app_hash FROM blocksql.blocks WHERE tx_count > 0 ORDER BY height DESC LIMIT 1").
		Scan(&height, &tm, &hash, &proposer, &txCount, &appHash)
	if err != nil || len(hash) != 64 || len(appHash) != 64 || len(proposer) != 40 || txCount != 1 {
		t.Errorf("last block: height=%d time=%s hash=%s proposer=%s txs=%d app_hash=%s err=%v", height, tm, hash, proposer, txCount, appHash, err)
	}
	var user, client, node, outcome string
	err = db.QueryRow("SELECT user, client_addr, node, outcome FROM blocksql.transactions WHERE outcome = 'error'").Scan(&user, &client, &node, &outcome)
	if err != nil || user != "root" || !strings.HasPrefix(client, "127.0.0.1:") || node == "" {
		t.Errorf("failed transaction: user=%s client=%s node=%s err=%v", user, client, node, err)
	}
	rows, err := db.Query("SELECT op, row_before, row_after, s.user FROM blocksql.row_changes rc JOIN blocksql.statements s " +
		"ON s.height = rc.height AND s.tx_hash = rc.tx_hash AND s.stmt_index = rc.stmt_index WHERE rc.table_name = 'shop.items' AND rc.pk = '[1]' ORDER BY rc.id")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for rows.Next() {
		var op, by string
		var before, after sql.NullString
		if err := rows.Scan(&op, &before, &after, &by); err != nil {
			t.Fatal(err)
		}
		got = append(got, op+" "+before.String+" "+after.String+" by "+by)
	}
	want := []string{`insert  {"id":1,"name":"pen","price":1.50} by alice`,
		`update {"id":1,"name":"pen","price":1.50} {"id":1,"name":"pen","price":2.00} by alice`}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("history of pen:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	var cups int
	if err := db.QueryRow("SELECT COUNT(*) FROM blocksql.row_changes WHERE row_after LIKE '%cup%'").Scan(&cups); err != nil || cups != 0 {
		t.Errorf("the failed transaction left %d row changes (err %v)", cups, err)
	}
	if _, err := db.Exec("DELETE FROM blocksql.row_changes"); err == nil {
		t.Error("row history accepted a write through the proxy")
	}
}

func testLogCLI(t *testing.T, n *testNode) {
	home := []string{"--home", n.home}
	all := cliJSON[[]audit.Statement](t, append([]string{"log", "--json"}, home...)...)
	byAlice := cliJSON[[]audit.Statement](t, append([]string{"log", "--json", "--table", "shop.items", "--user", "alice"}, home...)...)
	if len(byAlice) != 4 || byAlice[0].SQL != "INSERT INTO items (name, price) VALUES ('pen', 1.5)" {
		t.Fatalf("alice's statements on shop.items: %+v", byAlice)
	}
	failed := cliJSON[[]audit.Statement](t, append([]string{"log", "--json", "--failed"}, home...)...)
	if len(failed) != 2 || failed[1].ErrorCode != 1213 || failed[1].Outcome != "aborted" || failed[0].Outcome != "rolled back" || failed[0].User != "root" {
		t.Errorf("failed: %+v", failed)
	}
	h := byAlice[1].Height
	one := cliJSON[[]audit.Statement](t, append([]string{"log", "--json", "--from", fmtInt64(h), "--to", fmtInt64(h)}, home...)...)
	if len(one) != 1 || one[0].TxHash != byAlice[1].TxHash {
		t.Errorf("--from/--to %d: %+v", h, one)
	}
	tx := cliJSON[[]audit.Statement](t, append([]string{"log", "--json", "--tx", byAlice[2].TxHash[:10]}, home...)...)
	if len(tx) != 1 || !strings.HasPrefix(tx[0].SQL, "UPDATE items") {
		t.Errorf("--tx: %+v", tx)
	}
	day := all[0].Time[:10]
	inDay := cliJSON[[]audit.Statement](t, append([]string{"log", "--json", "--since", day, "--until", day + " 23:59:59.999"}, home...)...)
	before := cliJSON[[]audit.Statement](t, append([]string{"log", "--json", "--until", day}, home...)...)
	if len(inDay) != len(all) || len(before) != 0 {
		t.Errorf("--since/--until %s: %d of %d statements, %d before", day, len(inDay), len(all), len(before))
	}
	testLogFormats(t, home, len(byAlice))
}

func testLogFormats(t *testing.T, home []string, want int) {
	out, err := blocksqlCLI(t, append([]string{"log", "--csv", "--user", "alice"}, home...)...)
	recs, cerr := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || cerr != nil || len(recs) != want+1 || recs[0][0] != "HEIGHT" || recs[1][4] != "alice" {
		t.Errorf("--csv: %v %v\n%s", err, cerr, out)
	}
	out, err = blocksqlCLI(t, append([]string{"log", "--user", "alice"}, home...)...)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if err != nil || len(lines) != want+1 || !strings.HasPrefix(lines[0], "HEIGHT") ||
		strings.Index(lines[0], "SQL") != strings.Index(lines[1], "INSERT") {
		t.Errorf("table: %v\n%s", err, out)
	}
	if out, err := blocksqlCLI(t, append([]string{"log", "--since", "yesterday"}, home...)...); err == nil || !strings.Contains(out, "Try:") {
		t.Errorf("a bad --since: %v %s", err, out)
	}
}

func testHistoryCLI(t *testing.T, n *testNode) {
	pen := cliJSON[[]audit.Change](t, "history", "shop.items", "1", "--json", "--home", n.home)
	if len(pen) != 2 || pen[0].Op != "insert" || pen[1].Op != "update" || pen[1].User != "alice" ||
		compact(pen[1].After) != `{"id":1,"name":"pen","price":2.00}` {
		t.Errorf("history of pen: %+v", pen)
	}
	out, err := blocksqlCLI(t, "history", "--home", n.home, "shop.items", "2")
	if err != nil || !strings.Contains(out, "delete") || !strings.Contains(out, `name="ink"`) {
		t.Errorf("history of ink: %v\n%s", err, out)
	}
	out, err = blocksqlCLI(t, "history", "--home", n.home, "shop.items", "1", "--csv")
	if err != nil || !strings.Contains(out, `price: 1.50 → 2.00`) {
		t.Errorf("history --csv: %v\n%s", err, out)
	}
}

func testDiffCLI(t *testing.T, n *testNode) {
	all := cliJSON[[]audit.Statement](t, "log", "--json", "--user", "alice", "--home", n.home)
	full := cliJSON[[]audit.RowDiff](t, "diff", "shop.items", "--from", "0", "--json", "--home", n.home)
	if len(full) != 1 || full[0].Op != "insert" || compact(full[0].After) != `{"id":1,"name":"pen","price":2.00}` {
		t.Errorf("diff from genesis (ink came and went): %+v", full)
	}
	after := all[1].Height // both rows inserted
	late := cliJSON[[]audit.RowDiff](t, "diff", "shop.items", "--from", fmtInt64(after), "--json", "--home", n.home)
	if len(late) != 2 || late[0].Op != "update" || late[1].Op != "delete" {
		t.Errorf("diff from %d: %+v", after, late)
	}
	out, err := blocksqlCLI(t, "diff", "shop.items", "--from", fmtInt64(after), "--to", fmtInt64(all[2].Height), "--home", n.home)
	if err != nil || !strings.Contains(out, "update") || strings.Contains(out, "delete") {
		t.Errorf("diff --to: %v\n%s", err, out)
	}
}

func testProof(t *testing.T, n *testNode) {
	stmts := cliJSON[[]audit.Statement](t, "log", "--json", "--user", "alice", "--home", n.home)
	dir := t.TempDir()
	file := filepath.Join(dir, "tx.proof.json")
	if out, err := blocksqlCLI(t, "prove", stmts[2].TxHash, "--out", file, "--home", n.home); err != nil {
		t.Fatalf("prove: %v\n%s", err, out)
	}
	genesis := filepath.Join(n.home, "config", "genesis.json")
	out, err := blocksqlCLI(t, "verify-proof", file, "--genesis", genesis)
	if err != nil || !strings.Contains(out, "included at height "+fmtInt64(stmts[2].Height)) || !strings.Contains(out, "holding 10 of 10 voting power") {
		t.Fatalf("verify-proof: %v\n%s", err, out)
	}
	var p audit.Proof
	b, _ := os.ReadFile(file)
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatal(err)
	}
	tampered := map[string]func(p *audit.Proof){
		"tx byte":       func(p *audit.Proof) { p.Tx[len(p.Tx)/2] ^= 1 },
		"tx hash":       func(p *audit.Proof) { p.Tx[0] ^= 1; p.TxHash = sha256Hex(p.Tx) },
		"header":        func(p *audit.Proof) { p.Header.AppHash[0] ^= 1 },
		"data hash":     func(p *audit.Proof) { p.Header.DataHash[3] ^= 1 },
		"signature":     func(p *audit.Proof) { p.Commit.Signatures[0].Signature[5] ^= 1 },
		"merkle proof":  func(p *audit.Proof) { p.Merkle.Index++ },
		"other chain":   func(p *audit.Proof) { p.Header.ChainID += "x" },
		"commit height": func(p *audit.Proof) { p.Commit.Height++ },
	}
	for name, alter := range tampered {
		var q audit.Proof
		_ = json.Unmarshal(b, &q)
		alter(&q)
		bad, _ := json.Marshal(&q)
		path := filepath.Join(dir, strings.ReplaceAll(name, " ", "_")+".json")
		if err := os.WriteFile(path, bad, 0o600); err != nil {
			t.Fatal(err)
		}
		out, err := blocksqlCLI(t, "verify-proof", path, "--genesis", genesis)
		if err == nil || !strings.Contains(out, "proof does not verify") {
			t.Errorf("altered %s: err=%v\n%s", name, err, out)
		}
	}
}
