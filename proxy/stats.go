package proxy

import (
	"sync/atomic"
	"time"

	"github.com/pingcap/tidb/pkg/parser/ast"
)

// Stats are the process-wide counters SHOW GLOBAL STATUS reports and the
// node exports as metrics. They are process-wide as MySQL's global status
// is: every frontend and session of the process adds to the same ones.
type Stats struct {
	connected   atomic.Int64 // open client connections
	connections atomic.Int64 // connection attempts that authenticated
	questions   atomic.Int64
	planned     atomic.Int64             // reads run through a read plan (readplan.go)
	ok, failed  map[string]*atomic.Int64 // by statement kind (comKinds)
	onWrite     atomic.Pointer[func(time.Duration)]
}

// comKinds are the statement kinds counted, as MySQL's Com_<kind>.
var comKinds = []string{"select", "insert", "replace", "update", "delete", "begin", "commit", "rollback",
	"set_option", "change_db", "show", "create_table", "alter_table", "drop_table", "create_db", "drop_db",
	"create_index", "drop_index", "truncate", "other"}

var global = newStats()

// GlobalStats returns the process's counters.
func GlobalStats() *Stats { return global }

func newStats() *Stats {
	s := &Stats{ok: map[string]*atomic.Int64{}, failed: map[string]*atomic.Int64{}}
	for _, k := range comKinds {
		s.ok[k], s.failed[k] = new(atomic.Int64), new(atomic.Int64)
	}
	return s
}

// ConnOpened and ConnClosed are called by a frontend around each
// authenticated connection.
func (s *Stats) ConnOpened() { s.connected.Add(1); s.connections.Add(1) }

// ConnClosed: see ConnOpened.
func (s *Stats) ConnClosed() { s.connected.Add(-1) }

// OnWrite sets f to receive the time from submitting each write
// transaction to the chain until its answer; nil removes it.
func (s *Stats) OnWrite(f func(time.Duration)) {
	if f == nil {
		s.onWrite.Store(nil)
		return
	}
	s.onWrite.Store(&f)
}

// ObserveWrite reports the time one write transaction took from its
// submission to the chain until its answer (to the OnWrite function).
func (s *Stats) ObserveWrite(d time.Duration) {
	if f := s.onWrite.Load(); f != nil {
		(*f)(d)
	}
}

func (s *Stats) count(stmt ast.StmtNode, err error) { s.countKind(comKind(stmt), err) }

// CountTag counts a statement of the PostgreSQL frontend, named by its
// command tag ("INSERT", "CREATE TABLE", ...), under the kind a MySQL
// statement of the same effect counts under.
func (s *Stats) CountTag(tag string, err error) { s.countKind(tagKind(tag), err) }

func (s *Stats) countKind(k string, err error) {
	s.questions.Add(1)
	if err != nil {
		s.failed[k].Add(1)
		return
	}
	s.ok[k].Add(1)
}

// StatsSnapshot is the counters at one instant.
type StatsSnapshot struct {
	Connected, Connections, Questions int64
	// PlannedReads are the prepared point reads run through a read plan.
	PlannedReads int64
	// OK and Failed count statements by kind (select, insert, ...).
	OK, Failed map[string]int64
}

// Snapshot reads every counter.
func (s *Stats) Snapshot() StatsSnapshot {
	out := StatsSnapshot{Connected: s.connected.Load(), Connections: s.connections.Load(),
		Questions: s.questions.Load(), PlannedReads: s.planned.Load(), OK: map[string]int64{}, Failed: map[string]int64{}}
	for _, k := range comKinds {
		out.OK[k], out.Failed[k] = s.ok[k].Load(), s.failed[k].Load()
	}
	return out
}

// StatementKinds lists the kinds Snapshot reports, in a stable order.
func StatementKinds() []string { return append([]string(nil), comKinds...) }

// comKind names a statement as MySQL's Com_ counters do.
func comKind(stmt ast.StmtNode) string {
	switch st := stmt.(type) {
	case *ast.SelectStmt, *ast.SetOprStmt:
		return "select"
	case *ast.InsertStmt:
		if st.IsReplace {
			return "replace"
		}
		return "insert"
	case *ast.UpdateStmt:
		return "update"
	case *ast.DeleteStmt:
		return "delete"
	case *ast.BeginStmt:
		return "begin"
	case *ast.CommitStmt:
		return "commit"
	case *ast.RollbackStmt:
		return "rollback"
	case *ast.SetStmt:
		return "set_option"
	case *ast.UseStmt:
		return "change_db"
	case *ast.ShowStmt:
		return "show"
	}
	return ddlKind(stmt)
}

func ddlKind(stmt ast.StmtNode) string {
	switch stmt.(type) {
	case *ast.CreateTableStmt:
		return "create_table"
	case *ast.AlterTableStmt:
		return "alter_table"
	case *ast.DropTableStmt:
		return "drop_table"
	case *ast.CreateDatabaseStmt:
		return "create_db"
	case *ast.DropDatabaseStmt:
		return "drop_db"
	case *ast.CreateIndexStmt:
		return "create_index"
	case *ast.DropIndexStmt:
		return "drop_index"
	case *ast.TruncateTableStmt:
		return "truncate"
	}
	return "other"
}

// tagKinds name PostgreSQL command tags as comKind names statements;
// other tags (COPY, VACUUM, ...) are "other".
var tagKinds = map[string]string{"SELECT": "select", "INSERT": "insert", "UPDATE": "update", "DELETE": "delete",
	"BEGIN": "begin", "START TRANSACTION": "begin", "COMMIT": "commit", "END": "commit", "ROLLBACK": "rollback",
	"ABORT": "rollback", "SET": "set_option", "RESET": "set_option", "SHOW": "show",
	"CREATE TABLE": "create_table", "ALTER TABLE": "alter_table", "DROP TABLE": "drop_table",
	"CREATE DATABASE": "create_db", "DROP DATABASE": "drop_db", "CREATE INDEX": "create_index",
	"DROP INDEX": "drop_index", "TRUNCATE TABLE": "truncate", "TRUNCATE": "truncate"}

func tagKind(tag string) string {
	if k, ok := tagKinds[tag]; ok {
		return k
	}
	return "other"
}
