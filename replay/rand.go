package replay

import (
	"strconv"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"

	"github.com/blocksql/blocksql/drivers"
)

// RAND() and RAND(N) give each row its own value. In the rows of INSERT
// ... VALUES each row has its own call, which the engine pins: every
// RAND() is the next value of a stream seeded by the block hash, the
// transaction and the statement (see newStmtEnv), and RAND(N) is the value
// MySQL and MariaDB give (each row's call is seeded anew with N). In a
// single-table UPDATE or DELETE, RAND becomes a function of the row's key
// (keyedRand, below). Anywhere else (INSERT ... SELECT, ON DUPLICATE KEY
// UPDATE) it would be evaluated per row in the database's scan order,
// which backends do not share: CheckWrite refuses it there.

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

// randRefused counts RAND calls the engine cannot give a value per row:
// those outside the rows of an INSERT ... VALUES and outside a
// single-table UPDATE or DELETE.
func randRefused(stmt ast.StmtNode) int {
	switch s := stmt.(type) {
	case *ast.UpdateStmt, *ast.DeleteStmt:
		return 0
	case *ast.InsertStmt:
		n := countRand(stmt)
		for _, row := range s.Lists {
			for _, e := range row {
				n -= countRand(e)
			}
		}
		return n
	}
	return countRand(stmt)
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

// In a single-table UPDATE or DELETE, RAND must give each row its own
// value, and the rows are visited in an order the backends do not share.
// So the value is a function of the row instead of its position: a few
// rounds of x → x² + c modulo the prime 2^31-1 over the row's integer
// primary key, with constants drawn from the statement's stream (RAND())
// or from N (RAND(N)). Every step is exact integer arithmetic below 2^62
// and the final division is one IEEE operation, so SQLite and MariaDB
// compute the same double. It does not reproduce MySQL's scan-order
// values.

const keyedRandPrime = 2147483647

// keyedRandRounds of squaring mix the key non-linearly.
const keyedRandRounds = 3

// keyedRand is the RAND expression for a row keyed by the integer columns
// key; src supplies the constants.
func keyedRand(key []string, src func() uint64) (ast.ExprNode, error) {
	draw := func() string { return strconv.FormatUint(src()%(keyedRandPrime-1)+1, 10) }
	p := strconv.Itoa(keyedRandPrime)
	x := draw()
	for _, k := range key {
		col := "`" + strings.ReplaceAll(k, "`", "``") + "`"
		x = "(((ABS(" + col + ") % " + p + ") * " + draw() + " + " + x + ") % " + p + ")"
	}
	// Every operation is parenthesized: the parser keeps the parentheses
	// as nodes, and restoring without them would change precedence.
	for range keyedRandRounds {
		x = "(((" + x + ") * (" + x + ") + " + draw() + ") % " + p + ")"
	}
	stmt, err := parseExprSelect("(" + x + ") / 2147483647e0")
	if err != nil {
		return nil, err
	}
	return stmt, nil
}

func parseExprSelect(expr string) (ast.ExprNode, error) {
	stmt, err := drivers.Parse("SELECT " + expr)
	if err != nil {
		return nil, err
	}
	return stmt.(*ast.SelectStmt).Fields.Fields[0].Expr, nil
}

// integerKey returns t's primary key if all its columns are integers.
func integerKey(t *TableDef) []string {
	if t == nil || len(t.PrimaryKey) == 0 {
		return nil
	}
	for _, k := range t.PrimaryKey {
		c := t.Column(k)
		if c == nil {
			return nil
		}
		switch base, _ := splitType(c.Type); base {
		case "tinyint", "smallint", "mediumint", "int", "integer", "bigint":
		default:
			return nil
		}
	}
	return t.PrimaryKey
}

// keyRand makes RAND in an UPDATE or DELETE a function of the row's key,
// or refuses it when the table has no integer primary key.
func (a *txApply) keyRand(stmt ast.StmtNode, env *stmtEnv) error {
	var refs *ast.TableRefsClause
	switch s := stmt.(type) {
	case *ast.UpdateStmt:
		refs = s.TableRefs
	case *ast.DeleteStmt:
		refs = s.TableRefs
	default:
		return nil
	}
	if countRand(stmt) == 0 || refs == nil || refs.TableRefs == nil {
		return nil
	}
	var t *TableDef
	if ts, ok := refs.TableRefs.Left.(*ast.TableSource); ok {
		if tn, ok := ts.Source.(*ast.TableName); ok {
			t = a.sch.table(tn.Schema.O, tn.Name.O)
		}
	}
	if env.rowKey = integerKey(t); env.rowKey == nil {
		return notSupported("RAND() in an UPDATE or DELETE needs a table whose primary key is of integer columns")
	}
	return nil
}
