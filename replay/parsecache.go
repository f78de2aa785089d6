package replay

import (
	"sync"

	"github.com/pingcap/tidb/pkg/parser/ast"

	"github.com/blocksql/blocksql/consensus"
)

// A live node parses each chain statement twice: in CheckTx, when the
// transaction enters the mempool (Check), and when its block is applied.
// Check hands the tree it made to the apply step through parsedCache, so
// the block's critical path parses only what CheckTx did not see (a block
// from another node's mempool, a replay). A restore parses the next blocks'
// statements ahead, on another core, while one block applies (prepare).
// A tree has one owner at a time: whoever parsed it gives it up when it
// puts it, and the apply step that takes it removes it (it rewrites the
// tree in place); the cache keeps as many trees of one text as were put
// (a transaction of 500 INSERTs with one parameterized text, or several
// transactions of the same text), and one more statement of that text
// parses its own. The same text always parses to the same tree, so where
// it was parsed changes nothing.

const (
	parsedMax     = 8192 // trees kept; more than the mempool holds for a few blocks
	parsedTextMax = 4096 // longer statements are not kept (a large INSERT's tree is large)
)

type parsedCache struct {
	mu sync.Mutex
	m  map[string][]ast.StmtNode
	n  int // trees kept
}

// put keeps stmt, parsed from text, for the apply step.
func (c *parsedCache) put(text string, stmt ast.StmtNode) {
	if len(text) > parsedTextMax {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = make(map[string][]ast.StmtNode)
	}
	for c.n >= parsedMax {
		for k, trees := range c.m { // transactions that never reached a block
			delete(c.m, k)
			c.n -= len(trees)
			break
		}
	}
	c.m[text] = append(c.m[text], stmt)
	c.n++
}

// take removes and returns a tree kept for text, if any.
func (c *parsedCache) take(text string) ast.StmtNode {
	c.mu.Lock()
	defer c.mu.Unlock()
	trees := c.m[text]
	if len(trees) == 0 {
		return nil
	}
	stmt := trees[0]
	if len(trees) == 1 {
		delete(c.m, text)
	} else {
		trees[0] = nil
		c.m[text] = trees[1:]
	}
	c.n--
	return stmt
}

// ahead reports whether a prepare may keep one more tree: it stops a
// restore parsing further ahead than the cache holds (parsing trees only
// to evict them). Only a restore prepares, and no Check puts trees into
// its engine's cache, so it may fill the whole cache: at half of it, a
// restore of blocks of ~2,700 INSERTs left part of every second block to
// the applying goroutine to parse (replay/DESIGN.md, "Restores read
// ahead").
func (c *parsedCache) ahead() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n < parsedMax
}

// parseApply is parseOne for the apply step: a tree parsed ahead for the
// same text, or a new one.
func (e *Engine) parseApply(text string) (ast.StmtNode, error) {
	if stmt := e.parsed.take(text); stmt != nil {
		return stmt, nil
	}
	return parseOne(text)
}

// prepare parses the write statements of b ahead of its application, for
// the apply step. A statement that does not parse is left to the apply
// step, which records the failure.
func (e *Engine) prepare(b *consensus.Block) {
	for _, raw := range b.Txs {
		tx, err := consensus.UnmarshalTx(raw)
		if err != nil {
			continue
		}
		for _, st := range tx.Statements {
			if !e.parsed.ahead() {
				return
			}
			if st.Read {
				continue
			}
			if stmt, err := parseOne(st.Canonical); err == nil {
				e.parsed.put(st.Canonical, stmt)
			}
		}
	}
}
