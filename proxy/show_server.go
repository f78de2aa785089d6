package proxy

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/pingcap/tidb/pkg/parser/ast"
)

// started is when this process began serving, for Uptime.
var started = time.Now()

func (s *Session) showVariables(_ context.Context, _ *ast.ShowStmt) (*Result, error) {
	return textResult([]string{"Variable_name", "Value"}, s.allSysVars()), nil
}

// showStatus answers SHOW [GLOBAL|SESSION] STATUS from the process-wide
// counters (GlobalStats), sorted by name as MySQL does.
func (s *Session) showStatus(_ context.Context, _ *ast.ShowStmt) (*Result, error) {
	st := global.Snapshot()
	rows := [][]any{
		{"Blocksql_height", fmt.Sprint(s.db.Height())},
		{"Blocksql_planned_reads", fmt.Sprint(st.PlannedReads)},
	}
	for _, k := range comKinds {
		rows = append(rows, []any{"Com_" + k, fmt.Sprint(st.OK[k] + st.Failed[k])})
	}
	rows = append(rows,
		[]any{"Connections", fmt.Sprint(st.Connections)},
		[]any{"Prepared_stmt_count", fmt.Sprint(s.preparedCount())},
		[]any{"Queries", fmt.Sprint(st.Questions)},
		[]any{"Questions", fmt.Sprint(st.Questions)},
		[]any{"Ssl_cipher", s.client.TLSCipher},
		[]any{"Ssl_version", s.client.TLSVersion},
		[]any{"Threads_connected", fmt.Sprint(st.Connected)},
		[]any{"Uptime", fmt.Sprint(uptime())},
	)
	sort.Slice(rows, func(i, j int) bool { return rows[i][0].(string) < rows[j][0].(string) })
	return textResult([]string{"Variable_name", "Value"}, rows), nil
}

// preparedCount is the prepared statements all the node's connections hold.
func (s *Session) preparedCount() int64 {
	if s.client.Prepared == nil {
		return 0
	}
	n, _ := s.client.Prepared.Held()
	return n
}

func uptime() int64 { return int64(time.Since(started).Seconds()) }

// Statistics is the one-line answer to COM_STATISTICS (the CLI's "status").
func (s *Session) Statistics() string {
	st := global.Snapshot()
	qps := 0.0
	if up := time.Since(started).Seconds(); up > 0 {
		qps = float64(st.Questions) / up
	}
	return fmt.Sprintf("Uptime: %d  Threads: %d  Questions: %d  Slow queries: 0  Opens: 0  Open tables: 0  "+
		"Queries per second avg: %.3f  Block height: %d", uptime(), st.Connected, st.Questions, qps, s.db.Height())
}

// showWarnings lists the previous statement's notes, warnings and errors.
func (s *Session) showWarnings(_ context.Context, sh *ast.ShowStmt) (*Result, error) {
	level := ""
	if sh.Tp == ast.ShowErrors {
		level = "Error"
	}
	if sh.CountWarningsOrErrors {
		name := "@@session.warning_count"
		if level != "" {
			name = "@@session.error_count"
		}
		return &Result{Columns: []Column{bigintColumn(name)}, Rows: [][]any{{int64(s.countWarnings(level))}}}, nil
	}
	rows := [][]any{}
	for _, w := range s.warnings {
		if level == "" || w.Level == level {
			rows = append(rows, []any{w.Level, int64(w.Code), w.Message})
		}
	}
	res := textResult([]string{"Level", "Code", "Message"}, rows)
	res.Columns[1] = bigintColumn("Code")
	return res, nil
}

func (s *Session) showEngines(_ context.Context, _ *ast.ShowStmt) (*Result, error) {
	rows := [][]any{{"InnoDB", "DEFAULT", "blocksql: every table is replicated through the chain", "YES", "NO", "NO"}}
	return textResult([]string{"Engine", "Support", "Comment", "Transactions", "XA", "Savepoints"}, rows), nil
}

// collations are the ones clients ask for; blocksql stores text as utf8mb4.
var collations = [][]any{
	{"binary", "binary", int64(63), "Yes", "Yes", int64(1), "NO PAD"},
	{"latin1_swedish_ci", "latin1", int64(8), "Yes", "Yes", int64(1), "PAD SPACE"},
	{"utf8mb3_general_ci", "utf8mb3", int64(33), "Yes", "Yes", int64(1), "PAD SPACE"},
	{"utf8mb4_0900_ai_ci", "utf8mb4", int64(255), "", "Yes", int64(0), "NO PAD"},
	{"utf8mb4_bin", "utf8mb4", int64(46), "", "Yes", int64(1), "PAD SPACE"},
	{"utf8mb4_general_ci", "utf8mb4", int64(45), "Yes", "Yes", int64(1), "PAD SPACE"},
	{"utf8mb4_unicode_ci", "utf8mb4", int64(224), "", "Yes", int64(8), "PAD SPACE"},
}

func (s *Session) showCollation(_ context.Context, _ *ast.ShowStmt) (*Result, error) {
	names := []string{"Collation", "Charset", "Id", "Default", "Compiled", "Sortlen", "Pad_attribute"}
	return textResult(names, copyRows(collations)), nil
}

func (s *Session) showCharset(_ context.Context, _ *ast.ShowStmt) (*Result, error) {
	rows := [][]any{
		{"binary", "Binary pseudo charset", "binary", int64(1)},
		{"latin1", "cp1252 West European", "latin1_swedish_ci", int64(1)},
		{"utf8mb3", "UTF-8 Unicode", "utf8mb3_general_ci", int64(3)},
		{"utf8mb4", "UTF-8 Unicode", "utf8mb4_general_ci", int64(4)},
	}
	return textResult([]string{"Charset", "Description", "Default collation", "Maxlen"}, rows), nil
}

// showProcessList is empty: sessions of other clients are not visible.
var processListColumns = []string{"Id", "User", "Host", "db", "Command", "Time", "State", "Info"}

// showGrants reports what blocksql enforces: a configured user may read
// and write everything except the read-only schemas.
var (
	triggerColumns = []string{"Trigger", "Event", "Table", "Statement", "Timing", "Created", "sql_mode",
		"Definer", "character_set_client", "collation_connection", "Database Collation"}
	eventColumns = []string{"Db", "Name", "Definer", "Time zone", "Type", "Execute at", "Interval value",
		"Interval field", "Starts", "Ends", "Status", "Originator", "character_set_client",
		"collation_connection", "Database Collation"}
	routineColumns = []string{"Db", "Name", "Type", "Definer", "Modified", "Created", "Security_type",
		"Comment", "character_set_client", "collation_connection", "Database Collation"}
	pluginColumns    = []string{"Name", "Status", "Type", "Library", "License"}
	openTableColumns = []string{"Database", "Table", "In_use", "Name_locked"}
)

// showEmpty answers SHOW for objects blocksql never has (triggers,
// routines, events): tools list them, and an empty list is the truth.
func showEmpty(columns []string) showFunc {
	return func(*Session, context.Context, *ast.ShowStmt) (*Result, error) {
		return textResult(columns, nil), nil
	}
}

func copyRows(rows [][]any) [][]any {
	out := make([][]any, len(rows))
	for i, r := range rows {
		out[i] = append([]any(nil), r...)
	}
	return out
}
