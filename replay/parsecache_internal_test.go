package replay

import (
	"context"
	"testing"
	"time"
)

// TestParsedCacheKeepsEveryTree: trees put for the same text (the 500
// INSERTs of one parameterized text in a transaction, parsed ahead by a
// restore) are each taken once, in order, and none is handed out twice.
func TestParsedCacheKeepsEveryTree(t *testing.T) {
	var c parsedCache
	const text = "INSERT INTO `t` (`a`) VALUES (?)"
	a, err := parseOne(text)
	if err != nil {
		t.Fatal(err)
	}
	b, err := parseOne(text)
	if err != nil {
		t.Fatal(err)
	}
	c.put(text, a)
	c.put(text, b)
	if got := c.take(text); got != a {
		t.Fatalf("first take: %p, want the first tree %p", got, a)
	}
	if got := c.take(text); got != b {
		t.Fatalf("second take: %p, want the second tree %p", got, b)
	}
	if got := c.take(text); got != nil || c.n != 0 {
		t.Fatalf("third take: %v with %d trees kept, want none", got, c.n)
	}
}

// TestAheadCacheWaitsForEarlierBlocks: a restore's read-ahead waits while
// earlier blocks' transactions fill the cache and goes on when the apply
// step takes one; it gives the rest of a block to the apply step when that
// block's own transactions fill it (waiting would never end: the apply step
// waits for that block), and stops when the restore ends.
func TestAheadCacheWaitsForEarlierBlocks(t *testing.T) {
	var c aheadCache
	tx := func(height int64, index, stmts int) *preparedTx {
		return &preparedTx{height: height, index: index, stmts: make([]preparedStmt, stmts)}
	}
	ctx := context.Background()
	c.put([32]byte{1}, tx(1, 0, parsedMax-10))
	if !c.wait(ctx, 2, 10) {
		t.Fatal("10 statements did not fit beside parsedMax-10")
	}
	c.put([32]byte{2}, tx(2, 0, 10))
	waited := make(chan bool)
	go func() { waited <- c.wait(ctx, 2, 20) }()
	select {
	case ok := <-waited:
		t.Fatalf("wait returned %v while block 1 filled the cache", ok)
	case <-time.After(50 * time.Millisecond):
	}
	if p := c.take([32]byte{1}, 1, 0); p == nil {
		t.Fatal("take of block 1's transaction found nothing")
	}
	if !<-waited {
		t.Fatal("wait did not go on once block 1's transaction was taken")
	}
	c.drop([][32]byte{{2}})

	c.put([32]byte{3}, tx(3, 0, parsedMax))
	if c.wait(ctx, 3, 1) {
		t.Fatal("a block filling the cache itself waited for room")
	}
	cctx, cancel := context.WithCancel(ctx)
	go func() { waited <- c.wait(cctx, 4, 1) }()
	cancel()
	if <-waited {
		t.Fatal("wait reported room after its context ended")
	}
	if p := c.take([32]byte{3}, 3, 1); p != nil || c.n != 0 {
		t.Fatalf("take for another place in the block: %v, %d statements left; want nothing, and none left", p, c.n)
	}
}
