package replay

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/blocksql/blocksql/drivers"
)

// PGStmt is one statement of a postgres-dialect chain, parsed by
// PostgreSQL's own parser (pg_query).
type PGStmt struct {
	Kind Kind
	// Canonical is the statement as pg_query deparses it: the text the
	// chain records and every node parses again at apply time.
	Canonical string
	// Tag is the command tag PostgreSQL answers it with ("INSERT").
	Tag     string
	node    *pg_query.Node
	version int32 // of the parse tree, which Deparse checks
}

// PGParse parses sql (one or more statements) in the PostgreSQL dialect.
// A syntax error is SQLSTATE 42601.
func PGParse(sql string) ([]PGStmt, error) {
	tree, err := pg_query.Parse(sql)
	if err != nil {
		return nil, &drivers.Error{Code: drivers.ErParse, State: "42601", Message: err.Error()}
	}
	out := make([]PGStmt, 0, len(tree.Stmts))
	for _, raw := range tree.Stmts {
		text, err := pgDeparse(tree.Version, raw.Stmt)
		if err != nil {
			return nil, err
		}
		kind, tag := pgClassify(raw.Stmt)
		out = append(out, PGStmt{Kind: kind, Canonical: text, Tag: tag, node: raw.Stmt, version: tree.Version})
	}
	return out, nil
}

func pgDeparse(version int32, n *pg_query.Node) (string, error) {
	text, err := pg_query.Deparse(&pg_query.ParseResult{Version: version, Stmts: []*pg_query.RawStmt{{Stmt: n}}})
	if err != nil {
		return "", &drivers.Error{Code: drivers.ErUnknown, State: "XX000", Message: "cannot normalize statement: " + err.Error()}
	}
	return text, nil
}

// pgClassify says how the proxy handles a statement and the command tag it
// answers with.
func pgClassify(n *pg_query.Node) (Kind, string) {
	switch x := n.Node.(type) {
	case *pg_query.Node_SelectStmt:
		if x.SelectStmt.IntoClause != nil {
			return KindUnsupported, "SELECT"
		}
		return KindRead, "SELECT"
	case *pg_query.Node_InsertStmt:
		return KindWrite, "INSERT"
	case *pg_query.Node_UpdateStmt:
		return KindWrite, "UPDATE"
	case *pg_query.Node_DeleteStmt:
		return KindWrite, "DELETE"
	case *pg_query.Node_CreateStmt:
		return KindWrite, "CREATE TABLE"
	case *pg_query.Node_IndexStmt:
		return KindWrite, "CREATE INDEX"
	case *pg_query.Node_DropStmt:
		return KindWrite, "DROP " + pgObject(x.DropStmt.RemoveType)
	case *pg_query.Node_AlterTableStmt:
		return KindWrite, "ALTER TABLE"
	case *pg_query.Node_RenameStmt:
		if pgTableRename(x.RenameStmt) {
			if x.RenameStmt.RenameType == pg_query.ObjectType_OBJECT_INDEX {
				return KindWrite, "ALTER INDEX"
			}
			return KindWrite, "ALTER TABLE"
		}
	case *pg_query.Node_TruncateStmt:
		return KindWrite, "TRUNCATE TABLE"
	case *pg_query.Node_TransactionStmt:
		return pgTxKind(x.TransactionStmt.Kind)
	case *pg_query.Node_VariableSetStmt:
		return KindSet, "SET"
	case *pg_query.Node_VariableShowStmt:
		return KindShow, "SHOW"
	case *pg_query.Node_CopyStmt:
		return KindCopy, "COPY"
	case *pg_query.Node_VacuumStmt:
		if x.VacuumStmt.IsVacuumcmd {
			return KindLocal, "VACUUM"
		}
		return KindLocal, "ANALYZE"
	case *pg_query.Node_CheckPointStmt:
		return KindLocal, "CHECKPOINT"
	}
	return KindUnsupported, ""
}

// pgTableRename reports whether a RENAME is one blocksql applies: ALTER
// TABLE … RENAME [COLUMN] a TO b, or ALTER TABLE or ALTER INDEX … RENAME TO
// u (each renames a table or an index, as in PostgreSQL). Other renames
// (of a constraint, a sequence, a schema) are refused.
func pgTableRename(r *pg_query.RenameStmt) bool {
	switch r.RenameType {
	case pg_query.ObjectType_OBJECT_TABLE, pg_query.ObjectType_OBJECT_INDEX:
		return true
	case pg_query.ObjectType_OBJECT_COLUMN:
		return r.RelationType == pg_query.ObjectType_OBJECT_TABLE
	}
	return false
}

func pgObject(t pg_query.ObjectType) string {
	switch t {
	case pg_query.ObjectType_OBJECT_TABLE:
		return "TABLE"
	case pg_query.ObjectType_OBJECT_INDEX:
		return "INDEX"
	}
	return strings.TrimPrefix(t.String(), "OBJECT_")
}

func pgTxKind(k pg_query.TransactionStmtKind) (Kind, string) {
	switch k {
	case pg_query.TransactionStmtKind_TRANS_STMT_BEGIN:
		return KindBegin, "BEGIN"
	case pg_query.TransactionStmtKind_TRANS_STMT_START:
		return KindBegin, "START TRANSACTION" // PostgreSQL's command tag for it
	case pg_query.TransactionStmtKind_TRANS_STMT_COMMIT:
		return KindCommit, "COMMIT"
	case pg_query.TransactionStmtKind_TRANS_STMT_ROLLBACK:
		return KindRollback, "ROLLBACK"
	case pg_query.TransactionStmtKind_TRANS_STMT_SAVEPOINT:
		return KindSavepoint, "SAVEPOINT"
	case pg_query.TransactionStmtKind_TRANS_STMT_ROLLBACK_TO:
		return KindSavepoint, "ROLLBACK" // PostgreSQL's command tag for ROLLBACK TO SAVEPOINT
	case pg_query.TransactionStmtKind_TRANS_STMT_RELEASE:
		return KindSavepoint, "RELEASE"
	}
	return KindUnsupported, ""
}

// SavepointName is the savepoint a KindSavepoint statement names.
func (s PGStmt) SavepointName() string {
	if t, ok := s.node.GetNode().(*pg_query.Node_TransactionStmt); ok {
		return t.TransactionStmt.SavepointName
	}
	return ""
}

// pgRefused are functions whose value depends on the node, the session or
// the moment and that the apply engine does not pin (yet), with the reason.
var pgRefused = map[string]string{
	"random": "its value differs per node", "gen_random_uuid": "its value differs per node",
	"uuid_generate_v4": "its value differs per node", "setseed": "it seeds a per-session generator",
	"currval": "it depends on session history", "lastval": "it depends on session history",
	"pg_sleep": "it waits on the node's clock", "timeofday": "it reads the node's clock",
	"txid_current": "transaction ids differ per node", "pg_current_xact_id": "transaction ids differ per node",
	"pg_backend_pid": "it differs per node", "inet_client_addr": "it differs per node",
	"inet_server_addr": "it differs per node", "version": "it differs between nodes",
	"current_setting": "settings differ per node", "set_config": "settings are per node",
	"pg_advisory_lock": "locks are per node", "pg_try_advisory_lock": "locks are per node",
}

// pgClock are the functions that read the clock: in a write they are the
// block time.
var pgClock = []string{"now", "clock_timestamp", "statement_timestamp", "transaction_timestamp"}

// PGCheckWrite refuses, before it reaches the chain (and again in
// CheckTx), a write that could mean different things on different nodes
// or in a later replay, with SQLSTATE 0A000 and the reason; and a write to
// blocksql's own schema with 42501.
func PGCheckWrite(st PGStmt) error {
	if st.Kind != KindWrite {
		return pgNotSupported("this statement is not a write blocksql can record")
	}
	return pgWalk(st.node, func(n *pg_query.Node) error { return pgCheckNode(n) })
}

func pgCheckNode(n *pg_query.Node) error {
	switch x := n.Node.(type) {
	case *pg_query.Node_FuncCall:
		name := pgFuncName(x.FuncCall)
		if why, ok := pgRefused[name]; ok {
			return pgNotSupported("%s() cannot be used in a write: %s", name, why)
		}
	case *pg_query.Node_SqlvalueFunction:
		if x.SqlvalueFunction.Op >= pg_query.SQLValueFunctionOp_SVFOP_CURRENT_ROLE {
			return pgNotSupported("%s cannot be used in a write: it differs per session", pgSVFName(x.SqlvalueFunction.Op))
		}
	case *pg_query.Node_RangeVar:
		if strings.EqualFold(x.RangeVar.Schemaname, drivers.Schema) {
			return &drivers.Error{Code: drivers.ErTableAccessDenied, State: "42501",
				Message: fmt.Sprintf("permission denied for table %s: the blocksql schema is read-only", x.RangeVar.Relname)}
		}
		if x.RangeVar.Relpersistence == "t" {
			return pgNotSupported("temporary tables live in one session and cannot be replicated")
		}
	}
	return nil
}

func pgNotSupported(format string, args ...any) error {
	return &drivers.Error{Code: drivers.ErNotSupported, State: "0A000", Message: "blocksql: " + fmt.Sprintf(format, args...)}
}

func pgFuncName(f *pg_query.FuncCall) string {
	if len(f.Funcname) == 0 {
		return ""
	}
	return strings.ToLower(f.Funcname[len(f.Funcname)-1].GetString_().GetSval())
}

func pgSVFName(op pg_query.SQLValueFunctionOp) string {
	return strings.TrimSuffix(strings.TrimPrefix(op.String(), "SVFOP_"), "_N")
}

// PGPin rewrites a chain statement for apply: every reading of the clock
// (now(), CURRENT_TIMESTAMP, CURRENT_DATE, LOCALTIMESTAMP, …) becomes the
// block time as a literal, so every node and every replay store the same
// value. The check runs again: a block may hold anything a node signed.
func PGPin(canonical string, blockTime time.Time) (string, error) {
	if text, ok := pgPinned.get(canonical); ok && text != "" {
		return text, nil
	}
	stmts, err := PGParse(canonical)
	if err != nil {
		return "", err
	}
	if len(stmts) != 1 {
		return "", pgNotSupported("a chain statement must be exactly one statement")
	}
	st := stmts[0]
	if err := PGCheckWrite(st); err != nil {
		return "", err
	}
	t := blockTime.UTC()
	clock := false
	err = pgWalk(st.node, func(n *pg_query.Node) error {
		clock = pgPinNode(n, t) || clock
		return nil
	})
	if err != nil {
		return "", err
	}
	text, err := pgDeparse(st.version, st.node)
	if err == nil {
		if clock {
			pgPinned.put(canonical, "") // checked; its text depends on the block
		} else {
			pgPinned.put(canonical, text)
		}
	}
	return text, err
}

// pgPinned remembers statements PGPin accepted: the text to run for those
// that read no clock (it does not depend on the block), "" for the others.
// Statements repeat (a COPY's chunks, an application's prepared INSERT), and
// parsing and deparsing them was most of the apply and CheckTx time. It is
// bounded: full, it starts over.
var pgPinned = pgCache{m: map[string]string{}}

type pgCache struct {
	mu sync.Mutex
	m  map[string]string
}

const pgCacheSize = 4096

func (c *pgCache) get(k string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[k]
	return v, ok
}

func (c *pgCache) put(k, v string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) >= pgCacheSize {
		clear(c.m)
	}
	c.m[k] = v
}

// pgPinNode replaces a reading of the clock by t and reports whether it did.
func pgPinNode(n *pg_query.Node, t time.Time) bool {
	switch x := n.Node.(type) {
	case *pg_query.Node_FuncCall:
		if slices.Contains(pgClock, pgFuncName(x.FuncCall)) && len(x.FuncCall.Args) == 0 {
			n.Node = pgTimeLiteral(t, "timestamptz").Node
			return true
		}
	case *pg_query.Node_SqlvalueFunction:
		if typ := pgSVFType(x.SqlvalueFunction.Op); typ != "" {
			n.Node = pgTimeLiteral(t, typ).Node
			return true
		}
	}
	return false
}

// pgSVFType is the type of a clock SQL value function.
func pgSVFType(op pg_query.SQLValueFunctionOp) string {
	switch op {
	case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_DATE:
		return "date"
	case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIME, pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIME_N:
		return "timetz"
	case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIMESTAMP, pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIMESTAMP_N:
		return "timestamptz"
	case pg_query.SQLValueFunctionOp_SVFOP_LOCALTIME, pg_query.SQLValueFunctionOp_SVFOP_LOCALTIME_N:
		return "time"
	case pg_query.SQLValueFunctionOp_SVFOP_LOCALTIMESTAMP, pg_query.SQLValueFunctionOp_SVFOP_LOCALTIMESTAMP_N:
		return "timestamp"
	}
	return ""
}

// pgTimeLiteral is 'block time'::pg_catalog.typ, written in UTC with
// microseconds (PostgreSQL's precision).
func pgTimeLiteral(t time.Time, typ string) *pg_query.Node {
	text := t.Format("2006-01-02 15:04:05.999999+00")
	tn := &pg_query.TypeName{Names: []*pg_query.Node{pg_query.MakeStrNode("pg_catalog"), pg_query.MakeStrNode(typ)}, Typemod: -1}
	return &pg_query.Node{Node: &pg_query.Node_TypeCast{TypeCast: &pg_query.TypeCast{
		Arg: pg_query.MakeAConstStrNode(text, -1), TypeName: tn, Location: -1}}}
}

// pgWalk calls visit on every node of the tree, parents first; visit may
// replace the node's content in place.
func pgWalk(n *pg_query.Node, visit func(*pg_query.Node) error) error {
	return pgWalkMsg(n.ProtoReflect(), visit)
}

func pgWalkMsg(m protoreflect.Message, visit func(*pg_query.Node) error) error {
	n, ok := m.Interface().(*pg_query.Node)
	if rv, isRV := m.Interface().(*pg_query.RangeVar); isRV {
		// Statements hold their target table as a bare RangeVar, not a
		// Node: visit it wrapped (a replacement would be lost, a check is not).
		n, ok = &pg_query.Node{Node: &pg_query.Node_RangeVar{RangeVar: rv}}, true
	}
	if ok {
		if err := visit(n); err != nil {
			return err
		}
	}
	var err error
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		if fd.Kind() != protoreflect.MessageKind || fd.IsMap() {
			return true
		}
		if fd.IsList() {
			l := v.List()
			for i := 0; i < l.Len() && err == nil; i++ {
				err = pgWalkMsg(l.Get(i).Message(), visit)
			}
		} else {
			err = pgWalkMsg(v.Message(), visit)
		}
		return err == nil
	})
	return err
}

// PGShowName is the setting a SHOW statement names.
func PGShowName(st PGStmt) string { return st.node.GetVariableShowStmt().GetName() }

// PGSetName is the setting a SET statement names.
func PGSetName(st PGStmt) string { return st.node.GetVariableSetStmt().GetName() }

// PGNotSupported is a 0A000 error saying why blocksql refuses a statement.
func PGNotSupported(format string, args ...any) error { return pgNotSupported(format, args...) }

// PGParamCount is the highest parameter number ($n) a statement uses.
func PGParamCount(st PGStmt) int {
	n := 0
	_ = pgWalk(st.node, func(x *pg_query.Node) error {
		if p := x.GetParamRef(); p != nil && int(p.Number) > n {
			n = int(p.Number)
		}
		return nil
	})
	return n
}
