package proxy

import (
	"context"
	"sort"
	"sync"
	"time"

	"github.com/pingcap/tidb/pkg/parser/ast"

	"github.com/blocksql/blocksql/drivers"
)

// Processes is the list of one node's client sessions, for SHOW
// PROCESSLIST and KILL. A frontend creates one and registers each session.
type Processes struct {
	mu sync.Mutex
	m  map[uint32]*process
}

// NewProcesses makes an empty process list.
func NewProcesses() *Processes { return &Processes{m: map[uint32]*process{}} }

// process is one session as the list shows it; its fields change under
// Processes.mu.
type process struct {
	client  Client
	db      string
	since   time.Time // start of the current command, or of idleness
	info    string    // the running statement, "" when idle
	cancel  context.CancelFunc
	closeFn func()
}

// Register adds the session to procs; closeConn ends its connection (KILL
// CONNECTION). The returned function removes it when the connection ends.
func (s *Session) Register(procs *Processes, closeConn func()) (unregister func()) {
	p := &process{client: s.client, since: time.Now(), closeFn: closeConn}
	procs.mu.Lock()
	procs.m[s.client.ConnID] = p
	procs.mu.Unlock()
	s.procs, s.proc = procs, p
	return func() {
		procs.mu.Lock()
		if procs.m[s.client.ConnID] == p {
			delete(procs.m, s.client.ConnID)
		}
		procs.mu.Unlock()
	}
}

// running marks the start of a statement and returns the context KILL
// QUERY cancels, and the function that marks its end.
func (s *Session) running(ctx context.Context, sql string) (context.Context, func()) {
	if s.proc == nil {
		return ctx, func() {}
	}
	ctx, cancel := context.WithCancel(ctx)
	s.procs.mu.Lock()
	s.proc.info, s.proc.since, s.proc.cancel, s.proc.db = sql, time.Now(), cancel, s.currentDB
	s.procs.mu.Unlock()
	return ctx, func() {
		cancel()
		s.procs.mu.Lock()
		s.proc.info, s.proc.since, s.proc.cancel, s.proc.db = "", time.Now(), nil, s.currentDB
		s.procs.mu.Unlock()
	}
}

// kill is KILL [CONNECTION | QUERY] id for a session of this node. root
// may kill any session, other users their own, as without SUPER in MySQL.
func (s *Session) kill(stmt *ast.KillStmt) (*Result, error) {
	if s.procs == nil {
		return nil, drivers.Errorf(1094, "HY000", "Unknown thread id: %d", stmt.ConnectionID)
	}
	s.procs.mu.Lock()
	p := s.procs.m[uint32(stmt.ConnectionID)]
	var cancel context.CancelFunc
	if p != nil {
		cancel = p.cancel
	}
	s.procs.mu.Unlock()
	if p == nil || uint64(p.client.ConnID) != stmt.ConnectionID {
		return nil, drivers.Errorf(1094, "HY000", "Unknown thread id: %d", stmt.ConnectionID)
	}
	if p.client.User != s.client.User && s.client.User != "root" {
		return nil, drivers.Errorf(1095, "HY000", "You are not owner of thread %d", stmt.ConnectionID)
	}
	if cancel != nil && p != s.proc {
		cancel()
	}
	if !stmt.Query && p.closeFn != nil {
		p.closeFn()
	}
	return &Result{}, nil
}

// showProcessList lists this node's sessions: all of them for root, the
// user's own for others.
func (s *Session) showProcessList(_ context.Context, sh *ast.ShowStmt) (*Result, error) {
	if s.procs == nil {
		return textResult(processListColumns, nil), nil
	}
	s.procs.mu.Lock()
	var rows [][]any
	for id, p := range s.procs.m {
		if s.client.User != "root" && p.client.User != s.client.User {
			continue
		}
		rows = append(rows, processRow(id, p, sh.Full))
	}
	s.procs.mu.Unlock()
	sort.Slice(rows, func(i, j int) bool { return rows[i][0].(int64) < rows[j][0].(int64) })
	return textResult(processListColumns, rows), nil
}

func processRow(id uint32, p *process, full bool) []any {
	var db, info any
	if p.db != "" {
		db = p.db
	}
	command, state := "Sleep", ""
	if p.info != "" {
		command, state = "Query", "executing"
		text := p.info
		if !full && len(text) > 100 {
			text = text[:100]
		}
		info = text
	}
	return []any{int64(id), p.client.User, p.client.Addr, db, command, int64(time.Since(p.since).Seconds()), state, info}
}
