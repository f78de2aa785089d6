package replay

import (
	"sync"

	"github.com/pingcap/tidb/pkg/parser/ast"
)

// A live node parses each chain statement twice: in CheckTx, when the
// transaction enters the mempool (Check), and when its block is applied.
// Check hands the tree it made to the apply step through parsedCache, so
// the block's critical path parses only what CheckTx did not see (a block
// from another node's mempool, a replay). A tree has one owner at a time:
// Check gives it up when it puts it, and the apply step that takes it
// removes it (it rewrites the tree in place); a second transaction with
// the same text parses its own. The same text always parses to the same
// tree, so where it was parsed changes nothing.

const (
	parsedMax     = 8192 // trees kept; more than the mempool holds for a few blocks
	parsedTextMax = 4096 // longer statements are not kept (a large INSERT's tree is large)
)

type parsedCache struct {
	mu sync.Mutex
	m  map[string]ast.StmtNode
}

// put keeps stmt, parsed from text, for the apply step.
func (c *parsedCache) put(text string, stmt ast.StmtNode) {
	if len(text) > parsedTextMax {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = make(map[string]ast.StmtNode)
	}
	if len(c.m) >= parsedMax {
		for k := range c.m { // transactions that never reached a block
			delete(c.m, k)
			break
		}
	}
	c.m[text] = stmt
}

// take removes and returns the tree kept for text, if any.
func (c *parsedCache) take(text string) ast.StmtNode {
	c.mu.Lock()
	defer c.mu.Unlock()
	stmt, ok := c.m[text]
	if ok {
		delete(c.m, text)
	}
	return stmt
}

// parseApply is parseOne for the apply step: the tree Check made for the
// same text, or a new one.
func (e *Engine) parseApply(text string) (ast.StmtNode, error) {
	if stmt := e.parsed.take(text); stmt != nil {
		return stmt, nil
	}
	return parseOne(text)
}
