package cli

import (
	"crypto/sha256"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/blocksql/blocksql/consensus"
)

// TestLargeInsert writes one large text INSERT through go-sql-driver to a
// single SQLite node over TCP: it commits, the next write right after it
// commits too (no 1205 while consensus digests the big block), the value
// reads back byte for byte, and the chain transaction holds the
// statement's bytes once. 8 MiB in make test; 32 MiB (go-sql-driver's
// TestLongData) with BLOCKSQL_LONG=1.
func TestLargeInsert(t *testing.T) {
	size := 8 << 20
	if os.Getenv("BLOCKSQL_LONG") == "1" {
		size = 32 << 20
	}
	home, port := newHome(t, "sqlite", "")
	n := start(t, home, port)
	db := n.db(t, "")
	db.SetMaxOpenConns(1)
	for _, q := range []string{"CREATE DATABASE big", "CREATE TABLE big.t (id INT PRIMARY KEY, v LONGBLOB)"} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	value := largeText(size)
	stmt := "INSERT INTO big.t VALUES (1, '" + value + "')"
	started := time.Now()
	if _, err := db.Exec(stmt); err != nil {
		t.Fatalf("%d MiB insert: %v", size>>20, err)
	}
	t.Logf("%d MiB insert committed in %v", size>>20, time.Since(started).Round(time.Millisecond))
	started = time.Now()
	if _, err := db.Exec("INSERT INTO big.t VALUES (2, 'after')"); err != nil {
		t.Fatalf("write right after the large insert: %v", err)
	}
	t.Logf("next write committed in %v", time.Since(started).Round(time.Millisecond))
	var got []byte
	if err := db.QueryRow("SELECT v FROM big.t WHERE id = 1").Scan(&got); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(value) || sha256.Sum256(got) != sha256.Sum256([]byte(value)) {
		t.Fatalf("read back %d bytes (sha256 %x), want %d (sha256 %x)",
			len(got), sha256.Sum256(got), len(value), sha256.Sum256([]byte(value)))
	}
	if largest := largestChainTx(t, home); float64(largest) > 1.2*float64(len(stmt)) {
		t.Errorf("the largest chain transaction is %d bytes for a %d-byte statement: the statement is stored more than once",
			largest, len(stmt))
	}
}

// largeText is size bytes of varied text a client sends without escapes.
func largeText(size int) string {
	const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,.-"
	var b strings.Builder
	b.Grow(size)
	seed := sha256.Sum256([]byte("blocksql"))
	for b.Len() < size {
		seed = sha256.Sum256(seed[:])
		for _, c := range seed {
			if b.Len() < size {
				b.WriteByte(alphabet[int(c)%len(alphabet)])
			}
		}
	}
	return b.String()
}

// largestChainTx is the size of the largest transaction in the node's chain.
func largestChainTx(t *testing.T, home string) int {
	t.Helper()
	bs, err := consensus.OpenBlockStore(home)
	if err != nil {
		t.Fatal(err)
	}
	defer bs.Close()
	largest := 0
	for h := bs.Base(); h <= bs.Height(); h++ {
		b, err := bs.Block(h)
		if err != nil {
			t.Fatalf("block %d: %v", h, err)
		}
		for _, tx := range b.Txs {
			largest = max(largest, len(tx))
		}
	}
	return largest
}
