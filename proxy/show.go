package proxy

import (
	"context"
	"sort"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"

	"github.com/blocksql/blocksql/drivers"
	"github.com/blocksql/blocksql/replay"
)

type showFunc func(s *Session, ctx context.Context, sh *ast.ShowStmt) (*Result, error)

// showHandlers answer SHOW from the catalog and the session rather than
// from the local database, so every backend gives the same answer.
var showHandlers map[ast.ShowStmtType]showFunc

func init() {
	showHandlers = map[ast.ShowStmtType]showFunc{
		ast.ShowDatabases: (*Session).showDatabases, ast.ShowTables: (*Session).showTables,
		ast.ShowTableStatus: (*Session).showTableStatus, ast.ShowColumns: (*Session).showColumns,
		ast.ShowIndex: (*Session).showIndex, ast.ShowCreateTable: (*Session).showCreateTable,
		ast.ShowCreateView:     (*Session).showCreateView,
		ast.ShowCreateDatabase: (*Session).showCreateDatabase, ast.ShowVariables: (*Session).showVariables,
		ast.ShowStatus: (*Session).showStatus, ast.ShowWarnings: (*Session).showWarnings,
		ast.ShowErrors: (*Session).showWarnings, ast.ShowEngines: (*Session).showEngines,
		ast.ShowCollation: (*Session).showCollation, ast.ShowCharset: (*Session).showCharset,
		ast.ShowProcessList: (*Session).showProcessList, ast.ShowGrants: (*Session).showGrants,
		ast.ShowTriggers: showEmpty(triggerColumns), ast.ShowEvents: showEmpty(eventColumns),
		ast.ShowProcedureStatus: showEmpty(routineColumns), ast.ShowFunctionStatus: showEmpty(routineColumns),
		ast.ShowPlugins: showEmpty(pluginColumns), ast.ShowOpenTables: showEmpty(openTableColumns),
	}
}

// show answers SHOW, DESCRIBE and DESC (which the parser wraps in EXPLAIN).
func (s *Session) show(ctx context.Context, stmt ast.StmtNode) (*Result, error) {
	sh, ok := stmt.(*ast.ShowStmt)
	if ex, isExplain := stmt.(*ast.ExplainStmt); isExplain {
		sh, ok = ex.Stmt.(*ast.ShowStmt)
	}
	if !ok {
		return nil, unsupported(stmt)
	}
	h, ok := showHandlers[sh.Tp]
	if !ok {
		return nil, unsupported(sh)
	}
	res, err := h(s, ctx, sh)
	if err != nil {
		return nil, err
	}
	return filterShow(res, sh)
}

func (s *Session) showDatabases(_ context.Context, _ *ast.ShowStmt) (*Result, error) {
	names := s.allDatabases()
	sort.Strings(names)
	return textResult([]string{"Database"}, oneColumn(names)), nil
}

// showDB resolves the database a SHOW names (FROM db, db.t, or the current one).
func (s *Session) showDB(sh *ast.ShowStmt) (string, error) {
	db := sh.DBName
	if db == "" && sh.Table != nil {
		db = sh.Table.Schema.O
	}
	if db == "" {
		db = s.currentDB
	}
	if db == "" {
		return "", drivers.Errorf(drivers.ErNoDB, "3D000", "No database selected")
	}
	name := s.canonicalDBName(db)
	if name == "" {
		return "", drivers.Errorf(drivers.ErBadDB, "42000", "Unknown database '%s'", db)
	}
	return name, nil
}

// internalTables are the operation log tables of the blocksql schema.
var internalTables = []string{"blocks", "row_changes", "statement_tables", "statements", "transactions"}

func (s *Session) tableNames(db string) []string {
	switch {
	case strings.EqualFold(db, drivers.Schema):
		return append([]string(nil), internalTables...)
	case strings.EqualFold(db, infoSchema):
		names := make([]string, 0, len(infoSchemaTables))
		for name := range infoSchemaTables {
			names = append(names, name)
		}
		sort.Strings(names)
		return names
	}
	names := append([]string(nil), s.db.Catalog().Tables(db)...)
	sort.Strings(names)
	return names
}

func (s *Session) showTables(_ context.Context, sh *ast.ShowStmt) (*Result, error) {
	db, err := s.showDB(sh)
	if err != nil {
		return nil, err
	}
	names := []string{"Tables_in_" + db}
	rows := oneColumn(s.tableNames(db))
	if sh.Full {
		names = append(names, "Table_type")
		for i := range rows {
			t, _ := s.db.Catalog().Table(db, rows[i][0].(string))
			rows[i] = append(rows[i], tableType(t))
		}
	}
	return textResult(names, rows), nil
}

func (s *Session) showTableStatus(_ context.Context, sh *ast.ShowStmt) (*Result, error) {
	db, err := s.showDB(sh)
	if err != nil {
		return nil, err
	}
	var rows [][]any
	for _, name := range s.tableNames(db) {
		var autoInc any
		if t, ok := s.db.Catalog().Table(db, name); ok && t.AutoIncColumn() != nil {
			autoInc = s.autoIncrement(t)
		}
		rows = append(rows, []any{name, "InnoDB", int64(10), "Dynamic", int64(0), int64(0), int64(0), int64(0),
			int64(0), int64(0), autoInc, nil, nil, nil, defaultCollate, nil, "", ""})
	}
	return textResult(tableStatusColumns, rows), nil
}

var tableStatusColumns = []string{"Name", "Engine", "Version", "Row_format", "Rows", "Avg_row_length",
	"Data_length", "Max_data_length", "Index_length", "Data_free", "Auto_increment", "Create_time",
	"Update_time", "Check_time", "Collation", "Checksum", "Create_options", "Comment"}

// table resolves the table a SHOW COLUMNS/INDEX/CREATE TABLE names.
func (s *Session) table(sh *ast.ShowStmt) (*replay.TableDef, error) {
	db, err := s.showDB(sh)
	if err != nil {
		return nil, err
	}
	t, ok := s.db.Catalog().Table(db, sh.Table.Name.O)
	if !ok {
		return nil, drivers.Errorf(drivers.ErNoSuchTable, "42S02", "Table '%s.%s' doesn't exist", db, sh.Table.Name.O)
	}
	return t, nil
}

// autoIncrement is the AUTO_INCREMENT counter a client is shown: the next
// id this node's next autocommit INSERT generates, past the ids handed to
// transactions, rolled back ones included (gaps, as in InnoDB).
func (s *Session) autoIncrement(t *replay.TableDef) uint64 {
	if next, ok := s.db.NextAutoID(t.DB, t.Name); ok {
		return next
	}
	return t.AutoIncrement
}

func (s *Session) showCreateTable(ctx context.Context, sh *ast.ShowStmt) (*Result, error) {
	t, err := s.table(sh)
	if err != nil {
		return nil, err
	}
	if t.View != nil {
		return s.showCreateView(ctx, sh)
	}
	return textResult([]string{"Table", "Create Table"}, [][]any{{t.Name, t.CreateSQL}}), nil
}

func (s *Session) showCreateDatabase(_ context.Context, sh *ast.ShowStmt) (*Result, error) {
	db, err := s.showDB(sh)
	if err != nil {
		return nil, err
	}
	create := "CREATE DATABASE `" + db + "` /*!40100 DEFAULT CHARACTER SET " + defaultCharset + " */"
	return textResult([]string{"Database", "Create Database"}, [][]any{{db, create}}), nil
}

func oneColumn(values []string) [][]any {
	rows := make([][]any, len(values))
	for i, v := range values {
		rows[i] = []any{v}
	}
	return rows
}
