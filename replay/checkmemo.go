package replay

import "sync"

// checkMemo remembers the canonical texts that passed Check. Check is a
// function of the text alone (it parses and applies the determinism
// rules; no schema), and applications send the same statement shapes over
// and over (placeholders keep the values out of the text), so CheckTx, on
// the path between one block and the next for a grouped transaction,
// parses each shape once.
type checkMemo struct {
	mu sync.Mutex
	m  map[checkKey]bool // passed; the value says whether it is Groupable
}

type checkKey struct {
	read bool
	text string
}

const (
	checkMemoSize    = 4096 // entries; the memo starts over when full
	checkMemoMaxText = 1024 // longer texts are checked every time
)

var checkedTexts = &checkMemo{m: map[checkKey]bool{}}

func (c *checkMemo) get(read bool, text string) (groupable, ok bool) {
	if len(text) > checkMemoMaxText {
		return false, false
	}
	c.mu.Lock()
	groupable, ok = c.m[checkKey{read, text}]
	c.mu.Unlock()
	return groupable, ok
}

func (c *checkMemo) put(read bool, text string, groupable bool) {
	if len(text) > checkMemoMaxText {
		return
	}
	c.mu.Lock()
	if len(c.m) >= checkMemoSize {
		clear(c.m)
	}
	c.m[checkKey{read, text}] = groupable
	c.mu.Unlock()
}
