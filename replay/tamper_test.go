package replay_test

import (
	"bytes"
	"errors"
	"path/filepath"
	"testing"

	"github.com/cockroachdb/pebble"

	"github.com/blocksql/blocksql/replay"
)

// TestTamperedBlockStore edits a transaction inside the node's real pebble
// block store (same length, so the block still decodes): the restore stops
// with an error naming that block's height instead of producing a
// different database.
func TestTamperedBlockStore(t *testing.T) {
	lc := sharedChain(t)
	home := copyHome(t, lc.home)
	edited := editBlockParts(t, filepath.Join(home, "data", "blockstore.db"), []byte("item-07"), []byte("item-77"))
	if edited == 0 {
		t.Fatal("no block part held item-07")
	}
	store, v := openStore(t, home)
	_, _, err := restoreTo(t, store, v, replay.Target{Height: lc.tip, Inclusive: true})
	var te *replay.TamperError
	if want := lc.inserted[6].height; !errors.As(err, &te) || te.Height != want {
		t.Fatalf("restore over a tampered store: %v, want a TamperError naming block %d", err, want)
	}
	t.Log(err)
}

// editBlockParts replaces old with new in every stored block part ("P:"
// keys of CometBFT's v1 key layout) and returns how many it changed.
func editBlockParts(t *testing.T, dir string, old, new []byte) int {
	db, err := pebble.Open(dir, &pebble.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	it, err := db.NewIter(&pebble.IterOptions{LowerBound: []byte("P:"), UpperBound: []byte("P;")})
	if err != nil {
		t.Fatal(err)
	}
	b := db.NewBatch()
	n := 0
	for it.First(); it.Valid(); it.Next() {
		if v := it.Value(); bytes.Contains(v, old) {
			if err := b.Set(bytes.Clone(it.Key()), bytes.ReplaceAll(v, old, new), nil); err != nil {
				t.Fatal(err)
			}
			n++
		}
	}
	if err := it.Close(); err != nil {
		t.Fatal(err)
	}
	if err := b.Commit(pebble.Sync); err != nil {
		t.Fatal(err)
	}
	return n
}
