package replay

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"math/rand/v2"
	"time"
	"unicode/utf8"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/mysql"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/drivers"
)

// bindHook, set only by tests, sees every statement once it is made
// deterministic. Tests use it to inject nondeterminism (a value that
// differs between two runs) and check that the AppHash catches it.
var bindHook func(ast.StmtNode)

// stmtEnv is everything a statement may legitimately depend on. The engine
// replaces each nondeterministic expression with a literal computed from it,
// so every node and every replay executes the same text.
type stmtEnv struct {
	blockTime time.Time
	db, user  string
	// seed names the statement (block hash, tx hash, indexes); the RAND
	// stream and the UUID seed are derived from it on first use, since
	// most statements call neither.
	seed     stmtSeed
	rng      *rand.Rand
	uuidSeed *[32]byte
	uuids    uint64
	params   []consensus.Value
	next     int
	err      error
	// rowKey is set for an UPDATE or DELETE: RAND is then a function of
	// these integer key columns of the row (see keyedRand).
	rowKey []string
}

type stmtSeed struct {
	blockHash          []byte
	txHash             [32]byte
	txIndex, stmtIndex int
}

func newStmtEnv(b *consensus.Block, txHash [32]byte, txIndex, stmtIndex int, tx *consensus.Tx, st *consensus.Statement) *stmtEnv {
	return &stmtEnv{
		blockTime: b.Time.UTC(), db: tx.Database, user: tx.User, params: st.Params,
		seed: stmtSeed{blockHash: b.Hash, txHash: txHash, txIndex: txIndex, stmtIndex: stmtIndex},
	}
}

// random is the statement's RAND stream: ChaCha8 seeded by
// sha256(block hash ‖ tx index ‖ statement index).
func (e *stmtEnv) random() *rand.Rand {
	if e.rng == nil {
		h := sha256.New()
		h.Write(e.seed.blockHash)
		h.Write(e.seed.indexes())
		var seed [32]byte
		copy(seed[:], h.Sum(nil))
		e.rng = rand.New(rand.NewChaCha8(seed))
	}
	return e.rng
}

// uuidKey is sha256(tx hash ‖ statement index), the seed of uuid.
func (e *stmtEnv) uuidKey() *[32]byte {
	if e.uuidSeed == nil {
		k := sha256.Sum256(append(e.seed.txHash[:], e.seed.indexes()[8:]...))
		e.uuidSeed = &k
	}
	return e.uuidSeed
}

func (s stmtSeed) indexes() []byte {
	var idx [16]byte
	binary.BigEndian.PutUint64(idx[:8], uint64(s.txIndex))
	binary.BigEndian.PutUint64(idx[8:], uint64(s.stmtIndex))
	return idx[:]
}

// bind makes stmt deterministic in place: parameters become literals, and
// time, RAND(), UUID(), DATABASE() and USER() become literals.
func (e *stmtEnv) bind(stmt ast.StmtNode) error {
	stmt.Accept(e)
	if e.err == nil && e.next != len(e.params) {
		e.err = drivers.Errorf(1210, "HY000", "Incorrect arguments to EXECUTE: %d placeholders, %d values", e.next, len(e.params))
	}
	return e.err
}

// Enter skips column definitions: DEFAULT CURRENT_TIMESTAMP in DDL is a
// rule for later inserts (which the engine fills with their block time),
// not a value to pin now.
func (e *stmtEnv) Enter(n ast.Node) (ast.Node, bool) {
	_, isColumnOption := n.(*ast.ColumnOption)
	return n, isColumnOption
}

func (e *stmtEnv) Leave(n ast.Node) (ast.Node, bool) {
	switch x := n.(type) {
	case ast.ParamMarkerExpr:
		return e.param(), true
	case *ast.FuncCallExpr:
		if v, ok := e.function(x); ok {
			return v, true
		}
	}
	return n, true
}

func (e *stmtEnv) param() ast.ExprNode {
	if e.next >= len(e.params) {
		if e.err == nil {
			e.err = drivers.Errorf(1210, "HY000", "Incorrect arguments to EXECUTE: more placeholders than values")
		}
		e.next++
		return ast.NewValueExpr(nil, "", "")
	}
	v := e.params[e.next]
	e.next++
	return valueExpr(v)
}

func valueExpr(v consensus.Value) ast.ExprNode {
	switch v.Kind {
	case consensus.KindInt:
		return ast.NewValueExpr(v.Int, "", "")
	case consensus.KindUint:
		return ast.NewValueExpr(v.Uint, "", "")
	case consensus.KindFloat:
		return ast.NewValueExpr(v.Float, "", "")
	case consensus.KindString:
		return ast.NewValueExpr(string(v.Bytes), mysql.DefaultCharset, mysql.DefaultCollationName)
	case consensus.KindBytes:
		if utf8.Valid(v.Bytes) {
			return ast.NewValueExpr(string(v.Bytes), mysql.DefaultCharset, mysql.DefaultCollationName)
		}
		lit, _ := ast.NewHexLiteral("0x" + hex.EncodeToString(v.Bytes))
		return ast.NewValueExpr(lit, "", "")
	}
	return ast.NewValueExpr(nil, "", "")
}

func stringExpr(s string) ast.ExprNode {
	return ast.NewValueExpr(s, mysql.DefaultCharset, mysql.DefaultCollationName)
}

// function returns the literal that replaces a nondeterministic call.
func (e *stmtEnv) function(f *ast.FuncCallExpr) (ast.ExprNode, bool) {
	switch f.FnName.L {
	case "now", "current_timestamp", "localtime", "localtimestamp", "sysdate", "utc_timestamp":
		return stringExpr(e.blockTime.Format("2006-01-02 15:04:05" + fraction(f))), true
	case "curdate", "current_date", "utc_date":
		return stringExpr(e.blockTime.Format("2006-01-02")), true
	case "curtime", "current_time", "utc_time":
		return stringExpr(e.blockTime.Format("15:04:05" + fraction(f))), true
	case "unix_timestamp":
		if len(f.Args) == 0 {
			return ast.NewValueExpr(e.blockTime.Unix(), "", ""), true
		}
	case "rand":
		return e.rand(f), true
	case "uuid":
		return stringExpr(e.uuid()), true
	case "database", "schema":
		if e.db == "" {
			return ast.NewValueExpr(nil, "", ""), true
		}
		return stringExpr(e.db), true
	case "user", "current_user", "session_user", "system_user":
		return stringExpr(e.user + "@%"), true
	}
	return nil, false
}

// rand pins one RAND call (see rand.go).
func (e *stmtEnv) rand(f *ast.FuncCallExpr) ast.ExprNode {
	if len(f.Args) == 0 {
		if e.rowKey != nil {
			return e.keyed(e.random().Uint64)
		}
		return ast.NewValueExpr(e.random().Float64(), "", "")
	}
	n, ok := randSeed(f.Args[0])
	if !ok && e.err == nil {
		e.err = notSupported("RAND(N) takes an integer literal or a parameter as N")
	}
	if e.rowKey != nil {
		src := rand.New(rand.NewPCG(uint64(n), keyedRandPrime))
		return e.keyed(src.Uint64)
	}
	return ast.NewValueExpr(newMySQLRand(n).next(), "", "")
}

func (e *stmtEnv) keyed(src func() uint64) ast.ExprNode {
	x, err := keyedRand(e.rowKey, src)
	if err != nil && e.err == nil {
		e.err = err
	}
	return x
}

// blockDatetime is the block time t as the DATETIME a column's DEFAULT or
// ON UPDATE CURRENT_TIMESTAMP takes: UTC, whole seconds.
func blockDatetime(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05") }

// fraction is the Go layout suffix for NOW(fsp).
func fraction(f *ast.FuncCallExpr) string {
	if len(f.Args) != 1 {
		return ""
	}
	v, ok := f.Args[0].(ast.ValueExpr)
	if !ok {
		return ""
	}
	n := 0
	switch x := v.GetValue().(type) {
	case int64:
		n = int(x)
	case uint64:
		n = int(x)
	}
	if n <= 0 || n > 6 {
		return ""
	}
	return "." + "000000"[:n]
}

// uuid derives a version-4-shaped UUID from the tx hash, the statement and
// a counter.
func (e *stmtEnv) uuid() string {
	var c [8]byte
	binary.BigEndian.PutUint64(c[:], e.uuids)
	e.uuids++
	h := sha256.Sum256(append(e.uuidKey()[:], c[:]...))
	return drivers.FormatUUID4(h[:])
}
