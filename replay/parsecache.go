package replay

import (
	"context"
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

// parseApply is parseOne for the apply step: a tree parsed ahead for the
// same text, or a new one.
func (e *Engine) parseApply(text string) (ast.StmtNode, error) {
	if stmt := e.parsed.take(text); stmt != nil {
		return stmt, nil
	}
	return parseOne(text)
}

// prepare readies b's transactions ahead of their application, for the
// apply step: each is decoded, its write statements parsed, and a plain
// INSERT's tree also made deterministic (qualified with the transaction's
// database, its parameters and its clock, RAND and UUID pinned: bindAhead),
// and each statement's parameters rendered for the log. All of that
// follows from the block alone; what depends on the state (privileges,
// the catalog, AUTO_INCREMENT) stays with the apply step. A statement that
// does not parse or bind is left to the apply step, which records the
// failure. The cache holds at most parsedMax statements: while earlier
// blocks' transactions fill it, prepare waits for the apply step to take
// them (or for ctx to end); when b's own do, it leaves the rest of b to
// the apply step.
func (e *Engine) prepare(ctx context.Context, b *consensus.Block) {
	for i, raw := range b.Txs {
		tx, err := consensus.UnmarshalTx(raw)
		if err != nil {
			continue
		}
		if !e.ahead.wait(ctx, b.Height, len(tx.Statements)) {
			return
		}
		p := &preparedTx{tx: tx, height: b.Height, index: i, stmts: make([]preparedStmt, len(tx.Statements))}
		hash := b.TxHash(i)
		for j := range tx.Statements {
			st := &tx.Statements[j]
			p.stmts[j].params = logParams(st)
			if st.Read {
				continue
			}
			if ins, ok := boundFromTemplate(st.Canonical, st.Params); ok && Qualify(ins, tx.ContextOf(j).Database) == nil {
				p.stmts[j].tree, p.stmts[j].tables, p.stmts[j].bound = ins, TablesOf(ins), true
				continue
			}
			stmt, err := parseOne(st.Canonical)
			if err != nil {
				continue
			}
			p.stmts[j].tree = stmt
			if _, ok := stmt.(*ast.InsertStmt); ok {
				own := tx // the statement's context: a grouped statement's is its session's (memberOf)
				if tx.Group != nil {
					own = memberOf(tx, j)
				}
				p.stmts[j].tables, p.stmts[j].bound = bindAhead(b, hash, i, own, j, stmt)
				if !p.stmts[j].bound {
					p.stmts[j].tree = nil // half rewritten
				}
			}
		}
		e.ahead.put(hash, p)
	}
}

// bindAhead is bindStmt's part that follows from the block alone, for an
// INSERT (RAND in an INSERT needs no key: keyRand).
func bindAhead(b *consensus.Block, hash [32]byte, i int, tx *consensus.Tx, j int, stmt ast.StmtNode) ([]string, bool) {
	if Qualify(stmt, tx.Database) != nil {
		return nil, false
	}
	if newStmtEnv(b, hash, i, j, tx, &tx.Statements[j]).bind(stmt) != nil {
		return nil, false
	}
	return TablesOf(stmt), true
}

// preparedTx is a transaction prepare readied, as transaction index of
// the block at height (its statements are bound for that place).
type preparedTx struct {
	tx     *consensus.Tx
	height int64
	index  int
	stmts  []preparedStmt
}

type preparedStmt struct {
	tree   ast.StmtNode // parsed, or nil (taken, or left to the apply step)
	bound  bool         // tree went through bindAhead; tables are its tables
	tables []string
	params string // logParams of the statement
}

// take removes and returns statement j's tree, and whether it is bound.
func (p *preparedTx) take(j int) (ast.StmtNode, bool) {
	if p == nil || j >= len(p.stmts) || p.stmts[j].tree == nil {
		return nil, false
	}
	s := &p.stmts[j]
	stmt := s.tree
	s.tree = nil
	return stmt, s.bound
}

// params is statement j's logParams.
func (p *preparedTx) params(j int, st *consensus.Statement) string {
	if p != nil && j < len(p.stmts) {
		return p.stmts[j].params
	}
	return logParams(st)
}

// aheadCache holds the transactions prepare readied, by hash, until the
// apply step takes them; a transaction the apply step never takes (a
// repeat it refuses) is dropped with its block.
type aheadCache struct {
	mu       sync.Mutex
	m        map[[32]byte]*preparedTx
	n        int           // statements held
	atHeight map[int64]int // of which each block's
	freed    chan struct{} // closed (and replaced) when statements leave
}

// wait returns true once n more statements of the block at height fit
// (at once if the cache holds none of earlier blocks', since only the
// apply step frees room), false if they cannot (the cache holds only that
// block's: the rest of it is the apply step's) or ctx ended.
func (c *aheadCache) wait(ctx context.Context, height int64, n int) bool {
	for {
		c.mu.Lock()
		if c.n+n <= parsedMax || c.n == 0 {
			c.mu.Unlock()
			return true
		}
		if c.n == c.atHeight[height] {
			c.mu.Unlock()
			return false
		}
		if c.freed == nil {
			c.freed = make(chan struct{})
		}
		freed := c.freed
		c.mu.Unlock()
		select {
		case <-freed:
		case <-ctx.Done():
			return false
		}
	}
}

func (c *aheadCache) put(hash [32]byte, p *preparedTx) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m, c.atHeight = make(map[[32]byte]*preparedTx), make(map[int64]int)
	}
	if c.m[hash] != nil { // the same transaction twice ahead: the apply step refuses the second
		return
	}
	c.m[hash] = p
	c.n += len(p.stmts)
	c.atHeight[p.height] += len(p.stmts)
}

// remove deletes hash's entry; c.mu is held.
func (c *aheadCache) remove(hash [32]byte) *preparedTx {
	p := c.m[hash]
	if p == nil {
		return nil
	}
	delete(c.m, hash)
	c.n -= len(p.stmts)
	if c.atHeight[p.height] -= len(p.stmts); c.atHeight[p.height] == 0 {
		delete(c.atHeight, p.height)
	}
	if c.freed != nil {
		close(c.freed)
		c.freed = nil
	}
	return p
}

// take removes the transaction readied for hash and returns it if it was
// readied as transaction index of the block at height.
func (c *aheadCache) take(hash [32]byte, height int64, index int) *preparedTx {
	c.mu.Lock()
	defer c.mu.Unlock()
	if p := c.remove(hash); p != nil && p.height == height && p.index == index {
		return p
	}
	return nil
}

// drop removes what is left of a block's transactions (repeats the
// apply step refused, transactions past a restore's stopping point).
func (c *aheadCache) drop(hashes [][32]byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, h := range hashes {
		if c.n == 0 {
			return
		}
		c.remove(h)
	}
}
