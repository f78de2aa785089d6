package sqlite

import (
	"fmt"
	"testing"
)

// TestRegexpCacheIsBounded: a client sending ever new patterns cannot grow
// the compiled-pattern cache past reCacheMax.
func TestRegexpCacheIsBounded(t *testing.T) {
	for i := 0; i < 3*reCacheMax; i++ {
		if _, err := regexpMatch(fmt.Sprintf("^x%d$", i), "x"); err != nil {
			t.Fatal(err)
		}
	}
	reMu.Lock()
	n := len(reCache)
	reMu.Unlock()
	if n > reCacheMax {
		t.Errorf("%d patterns cached, want at most %d", n, reCacheMax)
	}
}
