package cli

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/blocksql/blocksql/replay/audit"
)

// groupClient is what one client was told by its own writes.
type groupClient struct {
	user   string
	ids    map[int64]int // insert id → the key it inserted
	dups   int           // duplicate-key errors received
	lastID int64
}

// TestGroupedWrites: many go-sql-driver clients, as two users, write at
// once through one node, some of them duplicate keys. Their autocommit
// writes share grouped chain transactions, and each client gets its own
// answer: its rows affected and insert id, or its own 1062, never another
// client's. The operation log shows each write with its own user and
// address; log, history and prove work on a grouped write; verify and a
// replay from genesis reproduce the chain's AppHash.
func TestGroupedWrites(t *testing.T) {
	home, port := newHome(t, "sqlite", "[users]\nroot = \"\"\nalice = \"pw\"")
	n := start(t, home, port)
	root := n.db(t, "")
	mustExec(t, root, "CREATE DATABASE g")
	mustExec(t, root, "CREATE TABLE g.t (id INT AUTO_INCREMENT PRIMARY KEY, k INT NOT NULL UNIQUE, c INT)")
	mustExec(t, root, "INSERT INTO g.t (k, c) VALUES (-1, -1)")
	clients := runGroupClients(t, n, 48, 4)
	checkGroupAnswers(t, root, clients)
	hash, size := checkGroupLog(t, root)
	t.Logf("largest grouped transaction: %d statements", size)
	checkGroupCLI(t, n, hash, size)
	if out, err := blocksqlCLI(t, "verify", "--home", home); err != nil || !strings.HasPrefix(out, "OK:") {
		t.Errorf("verify: %v\n%s", err, out)
	}
	n.stop()
	rep := replayJSON(t, "--home", home, "--to-height", chainTip(t, home), "--output", "sqlite:"+filepath.Join(t.TempDir(), "r.db"))
	if rep.Digest == nil {
		t.Errorf("replay of the grouped chain: %+v", rep)
	}
}

// runGroupClients runs rounds of one write per client, all clients
// released at once; every fifth client writes the duplicate key -1.
func runGroupClients(t *testing.T, n *testNode, clients, rounds int) []*groupClient {
	ctx := context.Background()
	out := make([]*groupClient, clients)
	conns := make([]*sql.Conn, clients)
	for i := range out {
		out[i] = &groupClient{user: "root", ids: map[int64]int{}}
		db := n.db(t, "")
		if i%2 == 1 {
			out[i].user = "alice"
			db = openAs(t, n, "alice:pw", "")
		}
		c, err := db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		conns[i] = c
	}
	for r := range rounds {
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i, c := range conns {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				key := r*clients + i
				if i%5 == 0 {
					key = -1
				}
				res, err := c.ExecContext(ctx, "INSERT INTO g.t (k, c) VALUES (?, ?)", key, i)
				gc := out[i]
				if code, _ := mysqlErr(err); key == -1 && code == 1062 {
					gc.dups++
					return
				}
				if err != nil {
					t.Errorf("client %d key %d: %v", i, key, err)
					return
				}
				id, _ := res.LastInsertId()
				if n, _ := res.RowsAffected(); n != 1 || id == 0 {
					t.Errorf("client %d key %d: %d rows affected, insert id %d", i, key, n, id)
				}
				gc.ids[id], gc.lastID = key, id
			}()
		}
		close(start)
		wg.Wait()
	}
	for i, c := range conns {
		var last int64
		if err := c.QueryRowContext(ctx, "SELECT LAST_INSERT_ID()").Scan(&last); err != nil || last != out[i].lastID {
			t.Errorf("client %d: LAST_INSERT_ID() = %d (%v), want its own last insert id %d", i, last, err, out[i].lastID)
		}
	}
	return out
}

// checkGroupAnswers: the row behind each insert id a client was told holds
// the key that client inserted, and every duplicate was refused.
func checkGroupAnswers(t *testing.T, db *sql.DB, clients []*groupClient) {
	rows, err := db.Query("SELECT id, k FROM g.t")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	stored := map[int64]int{}
	for rows.Next() {
		var id int64
		var k int
		if err := rows.Scan(&id, &k); err != nil {
			t.Fatal(err)
		}
		stored[id] = k
	}
	told, dups := 0, 0
	for i, c := range clients {
		for id, k := range c.ids {
			if got, ok := stored[id]; !ok || got != k {
				t.Errorf("client %d was told id %d for key %d; the table holds key %d there (present %v)", i, id, k, got, ok)
			}
		}
		told += len(c.ids)
		dups += c.dups
		if want := 0; i%5 == 0 && len(c.ids) != want {
			t.Errorf("client %d inserted the duplicate key: told ids %v", i, c.ids)
		}
	}
	if told+1 != len(stored) || dups != 4*((len(clients)+4)/5) {
		t.Errorf("%d inserts told, %d rows stored (want one more); %d duplicates refused", told, len(stored), dups)
	}
}

// checkGroupLog finds the largest grouped transaction in the operation log:
// each of its statements has its own client's address and user.
func checkGroupLog(t *testing.T, db *sql.DB) (string, int) {
	var hash string
	var size int
	err := db.QueryRow("SELECT tx_hash, statement_count FROM blocksql.transactions ORDER BY statement_count DESC LIMIT 1").Scan(&hash, &size)
	if err != nil || size < 2 {
		t.Fatalf("no grouped transaction in the log: largest holds %d statements (%v)", size, err)
	}
	var addrs, users int
	err = db.QueryRow("SELECT COUNT(DISTINCT client_addr), COUNT(DISTINCT user) FROM blocksql.statements WHERE tx_hash = ?", hash).Scan(&addrs, &users)
	if err != nil || addrs != size || (size > 2 && users != 2) {
		t.Errorf("group %s of %d statements: %d client addresses, %d users (%v)", hash, size, addrs, users, err)
	}
	return hash, size
}

// checkGroupCLI runs log, history and prove on a grouped write.
func checkGroupCLI(t *testing.T, n *testNode, hash string, size int) {
	stmts := cliJSON[[]audit.Statement](t, "log", "--json", "--tx", hash, "--home", n.home)
	if len(stmts) != size {
		t.Fatalf("log --tx %s: %d statements, want %d", hash, len(stmts), size)
	}
	s := stmts[len(stmts)-1]
	if s.StmtIndex != size-1 || s.TxHash != hash || s.User == "" || s.ClientAddr == stmts[0].ClientAddr {
		t.Errorf("log of the group's last statement: %+v", s)
	}
	var inserted *audit.Statement
	for i := range stmts {
		if stmts[i].Outcome == "ok" && stmts[i].LastInsertID > 0 {
			inserted = &stmts[i]
		}
	}
	if inserted != nil {
		changes := cliJSON[[]audit.Change](t, "history", "g.t", fmtInt64(inserted.LastInsertID), "--json", "--home", n.home)
		if len(changes) != 1 || changes[0].TxHash != hash || changes[0].StmtIndex != inserted.StmtIndex || changes[0].User != inserted.User {
			t.Errorf("history of id %d (statement %d of the group, by %s): %+v", inserted.LastInsertID, inserted.StmtIndex, inserted.User, changes)
		}
	}
	file := filepath.Join(t.TempDir(), "group.proof.json")
	if out, err := blocksqlCLI(t, "prove", hash, "--statement", fmtInt(s.StmtIndex), "--out", file, "--home", n.home); err != nil {
		t.Fatalf("prove: %v\n%s", err, out)
	}
	out, err := blocksqlCLI(t, "verify-proof", file, "--genesis", filepath.Join(n.home, "config", "genesis.json"))
	want := fmt.Sprintf("Its statement %d, sent by %s from %s: ", s.StmtIndex, s.User, s.ClientAddr)
	if err != nil || !strings.Contains(out, want) {
		t.Errorf("verify-proof of statement %d: %v\n%s\nwant %q", s.StmtIndex, err, out, want)
	}
}
