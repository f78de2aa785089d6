package consensus

import (
	"sync"
	"unsafe"
)

// shardCount spreads the waiter map over independent locks so hundreds of
// concurrent submitters do not queue on one mutex.
const shardCount = 64

// maxCheckedTxs bounds the memory of transactions checked but never seen in
// a block (evicted, or refused by a full mempool after CheckTx).
const maxCheckedTxs = 1 << 20

// waiters maps a transaction hash to the channel its Submit call waits on.
// Commit fires it; a cancelled Submit removes it.
type waiters struct {
	shards [shardCount]struct {
		mu sync.Mutex
		m  map[[32]byte]chan *TxResult
	}
}

func newWaiters() *waiters {
	w := &waiters{}
	for i := range w.shards {
		w.shards[i].m = make(map[[32]byte]chan *TxResult)
	}
	return w
}

// add registers a waiter; false if one already waits for the same hash.
func (w *waiters) add(h [32]byte, ch chan *TxResult) bool {
	s := &w.shards[h[0]%shardCount]
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.m[h]; ok {
		return false
	}
	s.m[h] = ch
	return true
}

func (w *waiters) remove(h [32]byte) {
	s := &w.shards[h[0]%shardCount]
	s.mu.Lock()
	delete(s.m, h)
	s.mu.Unlock()
}

// fire delivers res to the waiter for h, if any. The channel has room for
// exactly one value, so fire never blocks.
func (w *waiters) fire(h [32]byte, res *TxResult) {
	s := &w.shards[h[0]%shardCount]
	s.mu.Lock()
	ch, ok := s.m[h]
	if ok {
		delete(s.m, h)
	}
	s.mu.Unlock()
	if ok {
		ch <- res
	}
}

func (w *waiters) len() int {
	n := 0
	for i := range w.shards {
		s := &w.shards[i]
		s.mu.Lock()
		n += len(s.m)
		s.mu.Unlock()
	}
	return n
}

// localTxs are the transactions this process's Submit is putting in the
// mempool right now, by the address of their encoding. CheckTx runs in the
// submitting goroutine on the very slice Submit signed, so it finds the
// transaction already decoded, and its hash, here: a group of 64 statements
// is ~25 KB that it decoded and hashed again, on the path every grouped
// write waits on. A signature this process just made is not verified.
type localTxs struct{ m sync.Map }

type localKey struct {
	p *byte
	n int
}

type localTx struct {
	hash [32]byte
	tx   *Tx
}

func (l *localTxs) add(b []byte, h [32]byte, tx *Tx) {
	l.m.Store(localKey{unsafe.SliceData(b), len(b)}, localTx{h, tx})
}

func (l *localTxs) remove(b []byte) { l.m.Delete(localKey{unsafe.SliceData(b), len(b)}) }

func (l *localTxs) get(b []byte) (localTx, bool) {
	if len(b) == 0 {
		return localTx{}, false
	}
	v, ok := l.m.Load(localKey{unsafe.SliceData(b), len(b)})
	if !ok {
		return localTx{}, false
	}
	return v.(localTx), true
}

// txSet is a bounded, sharded set of transaction hashes. A shard that
// overflows is emptied: forgetting a hash only costs a second check.
type txSet struct {
	perShard int
	shards   [shardCount]struct {
		mu sync.Mutex
		m  map[[32]byte]struct{}
	}
}

func newTxSet(max int) *txSet {
	t := &txSet{perShard: max / shardCount}
	for i := range t.shards {
		t.shards[i].m = make(map[[32]byte]struct{})
	}
	return t
}

func (t *txSet) add(h [32]byte) {
	s := &t.shards[h[0]%shardCount]
	s.mu.Lock()
	if len(s.m) >= t.perShard {
		clear(s.m)
	}
	s.m[h] = struct{}{}
	s.mu.Unlock()
}

func (t *txSet) has(h [32]byte) bool {
	s := &t.shards[h[0]%shardCount]
	s.mu.Lock()
	_, ok := s.m[h]
	s.mu.Unlock()
	return ok
}

func (t *txSet) remove(h [32]byte) {
	s := &t.shards[h[0]%shardCount]
	s.mu.Lock()
	delete(s.m, h)
	s.mu.Unlock()
}
