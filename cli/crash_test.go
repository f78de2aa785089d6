package cli

import (
	"context"
	"fmt"
	"io"
	"log"
	"math/rand/v2"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	gomysql "github.com/go-sql-driver/mysql"

	"github.com/blocksql/blocksql/consensus"
)

// The dying node resets connections on purpose; keep the driver quiet.
func init() { _ = gomysql.SetLogger(log.New(io.Discard, "", 0)) }

// TestKillNine kills a node with SIGKILL while clients write, restarts it,
// and checks that every acknowledged write is there exactly once, in the
// table and in the operation log, and the database is at the chain's
// height. With BLOCKSQL_LONG=1 it kills the same node again and again, at
// random moments, checking after each restart.
func TestKillNine(t *testing.T) {
	for _, backend := range []string{"sqlite", "mysql"} {
		t.Run(backend, func(t *testing.T) { killNine(t, backend) })
	}
}

type ack struct{ client, seq int }

func killNine(t *testing.T, backend string) {
	home, port := newHome(t, backend, "")
	n := start(t, home, port)
	db := n.db(t, "")
	for _, s := range []string{"CREATE DATABASE k", "CREATE TABLE k.w (id INT AUTO_INCREMENT PRIMARY KEY, client INT, seq INT)"} {
		if _, err := db.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	const clients = 16
	kills, writing := 1, func() time.Duration { return 1500 * time.Millisecond }
	if os.Getenv("BLOCKSQL_LONG") == "1" {
		kills, writing = 25, func() time.Duration { return time.Duration(200+rand.IntN(1000)) * time.Millisecond }
	}
	var acked []ack
	for k := 0; k < kills && !t.Failed(); k++ {
		got := writeUntilKilled(t, n, k*clients, clients, writing())
		if len(got) < clients {
			t.Fatalf("kill %d: only %d writes acknowledged before it", k, len(got))
		}
		acked = append(acked, got...)
		n = start(t, home, port)
		checkExactlyOnce(t, n, acked)
		checkLoggedOnce(t, n, acked)
	}
	n.stop()
	checkHeights(t, home)
}

// writeUntilKilled runs clients that insert (client, seq) rows, numbered
// from first, until the node dies, which happens d after the first write
// is acknowledged; it returns what was acknowledged.
func writeUntilKilled(t *testing.T, n *testNode, first, clients int, d time.Duration) []ack {
	var mu sync.Mutex
	var acked []ack
	var wg sync.WaitGroup
	var killed atomic.Bool
	db := n.db(t, "k")
	db.SetMaxOpenConns(clients)
	for c := first; c < first+clients; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			for seq := 0; ; seq++ {
				if _, err := db.Exec("INSERT INTO w (client, seq) VALUES (?, ?)", c, seq); err != nil {
					if !killed.Load() {
						t.Errorf("client %d, write %d, before the kill: %v", c, seq, err)
					}
					return
				}
				mu.Lock()
				acked = append(acked, ack{c, seq})
				mu.Unlock()
			}
		}(c)
	}
	// d counts from the first answer: a node just restarted takes a while
	// to its first block.
	for wait := time.Now(); ; time.Sleep(5 * time.Millisecond) {
		mu.Lock()
		got := len(acked)
		mu.Unlock()
		if got > 0 || time.Since(wait) > 30*time.Second {
			break
		}
	}
	time.Sleep(d)
	killed.Store(true)
	n.kill()
	wg.Wait()
	return acked
}

func checkExactlyOnce(t *testing.T, n *testNode, acked []ack) {
	db := n.db(t, "k")
	rows, err := db.Query("SELECT client, seq, COUNT(*) FROM w GROUP BY client, seq")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	have := map[ack]int{}
	for rows.Next() {
		var a ack
		var cnt int
		if err := rows.Scan(&a.client, &a.seq, &cnt); err != nil {
			t.Fatal(err)
		}
		have[a] = cnt
		if cnt != 1 {
			t.Errorf("row %+v present %d times", a, cnt)
		}
	}
	for _, a := range acked {
		if have[a] != 1 {
			t.Errorf("acknowledged write %+v missing after restart", a)
		}
	}
	t.Logf("%d writes acknowledged, %d rows after restart", len(acked), len(have))
}

// checkLoggedOnce: every acknowledged write is in the operation log once,
// as a statement that succeeded (its parameters name it), and the row
// history holds one insert per row of the table.
func checkLoggedOnce(t *testing.T, n *testNode, acked []ack) {
	db := n.db(t, "")
	rows, err := db.Query("SELECT params, COUNT(*) FROM blocksql.statements WHERE db = 'k' AND outcome = 'ok' " +
		"AND original_sql LIKE 'INSERT INTO w %' GROUP BY params")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	logged := map[string]int{}
	for rows.Next() {
		var params string
		var cnt int
		if err := rows.Scan(&params, &cnt); err != nil {
			t.Fatal(err)
		}
		logged[params] = cnt
	}
	for _, a := range acked {
		if p := fmt.Sprintf("[%d,%d]", a.client, a.seq); logged[p] != 1 {
			t.Errorf("acknowledged write %+v logged %d times", a, logged[p])
		}
	}
	var inserted, history int
	if err := db.QueryRow("SELECT COUNT(*) FROM k.w").Scan(&inserted); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow("SELECT COUNT(*) FROM blocksql.row_changes WHERE table_name = 'k.w' AND op = 'insert'").Scan(&history); err != nil {
		t.Fatal(err)
	}
	if history != inserted {
		t.Errorf("row history holds %d inserts into k.w, the table %d rows", history, inserted)
	}
}

// checkHeights opens the stopped node's chain and database: the database
// holds every block up to the chain's height, each once.
func checkHeights(t *testing.T, home string) {
	store, err := consensus.OpenBlockStore(home)
	if err != nil {
		t.Fatal(err)
	}
	chainHeight := store.Height()
	store.Close()
	cfg, err := loadConfig(home)
	if err != nil {
		t.Fatal(err)
	}
	e, err := openEngine(context.Background(), home, cfg.Database, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Driver().Close()
	rows, err := e.Driver().QueryInternal(context.Background(),
		fmt.Sprintf("SELECT COUNT(*), MAX(height) FROM %s", e.Driver().Internal("blocks")))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var count, maxHeight int64
	if rows.Next() {
		_ = rows.Scan(&count, &maxHeight)
	}
	if e.Height() != chainHeight || maxHeight != chainHeight || count != chainHeight {
		t.Errorf("chain height %d; database height %d, blocks logged %d (max %d)", chainHeight, e.Height(), count, maxHeight)
	}
}
