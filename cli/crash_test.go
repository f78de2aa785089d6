package cli

import (
	"context"
	"fmt"
	"io"
	"log"
	"sync"
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
// height.
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
	acked := writeUntilKilled(t, n, 16, 1500*time.Millisecond)
	if len(acked) < 16 {
		t.Fatalf("only %d writes acknowledged before the kill", len(acked))
	}
	n2 := start(t, home, port)
	checkExactlyOnce(t, n2, acked)
	checkLoggedOnce(t, n2, acked)
	n2.stop()
	checkHeights(t, home)
}

// writeUntilKilled runs clients that insert (client, seq) rows until the
// node dies, which happens after d; it returns what was acknowledged.
func writeUntilKilled(t *testing.T, n *testNode, clients int, d time.Duration) []ack {
	var mu sync.Mutex
	var acked []ack
	var wg sync.WaitGroup
	db := n.db(t, "k")
	db.SetMaxOpenConns(clients)
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			for seq := 0; ; seq++ {
				if _, err := db.Exec("INSERT INTO w (client, seq) VALUES (?, ?)", c, seq); err != nil {
					return
				}
				mu.Lock()
				acked = append(acked, ack{c, seq})
				mu.Unlock()
			}
		}(c)
	}
	time.Sleep(d)
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
