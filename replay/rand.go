package replay

import (
	"strconv"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
)

// RAND() and RAND(N) give each row its own value. The engine pins them
// where each row has its own call: in the rows of INSERT ... VALUES, every
// RAND() is the next value of a stream seeded by the block hash, the
// transaction and the statement (see newStmtEnv), and RAND(N) is the value
// MySQL and MariaDB give (each row's call is seeded anew with N). Anywhere
// else (UPDATE, DELETE, INSERT ... SELECT, ON DUPLICATE KEY UPDATE) RAND
// would be evaluated once per row in the database's scan order, which
// backends do not share: CheckWrite refuses it there.

// mysqlRand is MySQL's RAND(N) generator (mysys my_rnd.cc), seeded as
// Item_func_rand::seed_random does.
type mysqlRand struct{ seed1, seed2 uint64 }

const mysqlRandMax = 0x3FFFFFFF

func newMySQLRand(n uint32) *mysqlRand {
	return &mysqlRand{
		seed1: uint64(n*0x10001+55555555) % mysqlRandMax,
		seed2: uint64(n*0x10000001) % mysqlRandMax,
	}
}

func (r *mysqlRand) next() float64 {
	r.seed1 = (r.seed1*3 + r.seed2) % mysqlRandMax
	r.seed2 = (r.seed1 + r.seed2 + 33) % mysqlRandMax
	return float64(r.seed1) / float64(mysqlRandMax)
}

// randSeed reads the N of RAND(N) as MySQL's val_int does for a literal;
// ok is false for anything but an integer literal or NULL.
func randSeed(arg ast.ExprNode) (uint32, bool) {
	v, ok := arg.(ast.ValueExpr)
	if !ok {
		return 0, false
	}
	switch x := v.GetValue().(type) {
	case nil:
		return 0, true
	case int64:
		return uint32(x), true
	case uint64:
		return uint32(x), true
	case string:
		n, err := strconv.ParseInt(strings.TrimSpace(x), 10, 64)
		return uint32(n), err == nil
	}
	return 0, false
}

// randOutsideValues counts RAND calls that are not in the rows of an
// INSERT ... VALUES.
func randOutsideValues(stmt ast.StmtNode) int {
	n := countRand(stmt)
	if ins, ok := stmt.(*ast.InsertStmt); ok {
		for _, row := range ins.Lists {
			for _, e := range row {
				n -= countRand(e)
			}
		}
	}
	return n
}

func countRand(n ast.Node) int {
	var c randCounter
	n.Accept(&c)
	return c.n
}

type randCounter struct{ n int }

func (c *randCounter) Enter(n ast.Node) (ast.Node, bool) {
	if f, ok := n.(*ast.FuncCallExpr); ok && f.FnName.L == "rand" {
		c.n++
	}
	return n, false
}

func (c *randCounter) Leave(n ast.Node) (ast.Node, bool) { return n, true }
