package consensus

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/cockroachdb/pebble"
)

// TestPebbleViewSurvivesCompaction: a view made while the store is written
// keeps reading every key after the store compacts away the sstables the
// view was made from (a shared read-only handle fails there).
func TestPebbleViewSurvivesCompaction(t *testing.T) {
	src := filepath.Join(t.TempDir(), "blockstore.db")
	db, err := pebble.Open(src, &pebble.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	const n = 2000
	const rounds = 4 // overlapping sstables, so compacting rewrites them
	for r := range rounds {
		for i := r; i < n; i += rounds {
			if err := db.Set([]byte(fmt.Sprintf("k%05d", i)), []byte("v"), pebble.NoSync); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.Flush(); err != nil {
			t.Fatal(err)
		}
	}
	// As OpenBlockStore does: an attempt that met a background compaction
	// deleting a file it was linking is made again.
	view, err := pebbleView(src)
	for i := 1; err != nil && i < viewAttempts; i++ {
		view, err = pebbleView(src)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(view)
	linked, _ := filepath.Glob(filepath.Join(view, "blockstore.db", "*.sst"))
	var before []string
	for _, f := range linked {
		before = append(before, filepath.Join(src, filepath.Base(f)))
	}
	// The node keeps writing over the same keys and compacts.
	for i := range n {
		if err := db.Set([]byte(fmt.Sprintf("k%05d", i)), []byte("new"), pebble.NoSync); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := db.Compact([]byte("k"), []byte("l"), true); err != nil {
		t.Fatal(err)
	}
	deleted := 0
	for wait := 0; deleted == 0 && wait < 100; wait++ { // pebble deletes obsolete files in the background
		time.Sleep(20 * time.Millisecond)
		for _, f := range before {
			if _, err := os.Stat(f); os.IsNotExist(err) {
				deleted++
			}
		}
	}
	if deleted == 0 {
		t.Fatalf("compaction deleted none of %d sstables; the test needs some gone", len(before))
	}
	vdb, err := openPebbleReadOnly(filepath.Join(view, "blockstore.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer vdb.Close()
	for i := range n {
		v, err := vdb.Get([]byte(fmt.Sprintf("k%05d", i)))
		if err != nil || string(v) != "v" {
			t.Fatalf("key %d in the view: %q, %v", i, v, err)
		}
	}
}
