package replay

import (
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/format"

	"github.com/blocksql/blocksql/drivers"
)

// ViewDef is a view: a SELECT every backend stores natively (translated
// like any read) and answers. The clauses that do not change what the view
// returns are recorded as written, for SHOW CREATE VIEW and
// information_schema.VIEWS.
type ViewDef struct {
	// Select is the canonical MySQL text of the view's query.
	Select      string
	Columns     []string `json:",omitempty"`
	Algorithm   string
	Definer     string
	Security    string
	CheckOption string
}

// views are kept apart from tables (digests, row history and the DML
// checks walk tables only) but share their names, as in MySQL.
func viewKey(db, name string) string { return tableKey(db, name) }

func (s *schema) view(db, name string) *TableDef { return s.views[viewKey(db, name)] }

// exists reports a table or a view of that name.
func (s *schema) exists(db, name string) bool {
	return s.table(db, name) != nil || s.view(db, name) != nil
}

func (s *schema) createView(x *ast.CreateViewStmt) error {
	db, name := x.ViewName.Schema.O, x.ViewName.Name.O
	if err := s.mustDB(db); err != nil {
		return err
	}
	if s.table(db, name) != nil || (s.view(db, name) != nil && !x.OrReplace) {
		return drivers.Errorf(drivers.ErTableExists, "42S01", "Table '%s' already exists", name)
	}
	if err := s.mustExist(x.Select); err != nil {
		return err
	}
	v, err := viewDef(x)
	if err != nil {
		return err
	}
	s.views[viewKey(db, name)] = &TableDef{DB: db, Name: name, View: v}
	return nil
}

// mustExist refuses a view over a missing table, as MariaDB does when the
// view is created (SQLite would only fail when it is read). Names of
// common table expressions are not tables.
func (s *schema) mustExist(sel ast.Node) error {
	v := &refCollector{ctes: map[string]bool{}}
	sel.Accept(v)
	for _, tn := range v.tables {
		if !v.ctes[tn.Name.L] && !s.exists(tn.Schema.O, tn.Name.O) {
			return noSuchTable(tn.Schema.O, tn.Name.O)
		}
	}
	return nil
}

type refCollector struct {
	tables []*ast.TableName
	ctes   map[string]bool
}

func (v *refCollector) Enter(n ast.Node) (ast.Node, bool) {
	switch x := n.(type) {
	case *ast.CommonTableExpression:
		v.ctes[x.Name.L] = true
	case *ast.TableName:
		v.tables = append(v.tables, x)
	}
	return n, false
}

func (v *refCollector) Leave(n ast.Node) (ast.Node, bool) { return n, true }

func viewDef(x *ast.CreateViewStmt) (*ViewDef, error) {
	sel, err := drivers.Restore(x.Select, format.RestoreStringSingleQuotes|format.RestoreNameBackQuotes|
		format.RestoreKeyWordUppercase|format.RestoreStringEscapeBackslash)
	if err != nil {
		return nil, err
	}
	v := &ViewDef{Select: sel, Algorithm: x.Algorithm.String(), Security: x.Security.String(),
		CheckOption: "NONE", Definer: "CURRENT_USER"}
	for _, c := range x.Cols {
		v.Columns = append(v.Columns, c.O)
	}
	if d := x.Definer; d != nil && !d.CurrentUser {
		v.Definer = d.Username + "@" + d.Hostname
	}
	if x.CheckOption != ast.CheckOptionCascaded {
		v.CheckOption = strings.ToUpper(x.CheckOption.String())
	}
	return v, nil
}

// checkViewFuncs refuses in a view the functions the engine pins to the
// block (NOW(), RAND(), USER() ...): pinned when the view is created, they
// would be frozen in its definition, where MySQL evaluates them per read.
func checkViewFuncs(x *ast.CreateViewStmt) error {
	var bad string
	x.Select.Accept(leaveFunc(func(n ast.Node) {
		if f, ok := n.(*ast.FuncCallExpr); ok && pinnedFuncs[f.FnName.L] && bad == "" {
			bad = f.FnName.O
		}
	}))
	if bad != "" {
		return notSupported("%s() in a view would be fixed when the view is created; call it in the query that reads the view", bad)
	}
	return nil
}

// leaveFunc visits every node.
type leaveFunc func(ast.Node)

func (f leaveFunc) Enter(n ast.Node) (ast.Node, bool) { return n, false }
func (f leaveFunc) Leave(n ast.Node) (ast.Node, bool) { f(n); return n, true }

// dropViews drops views only if all of them exist (or IF EXISTS).
func (s *schema) dropViews(x *ast.DropTableStmt) error {
	missing := missingOf(x.Tables, s.view)
	if len(missing) > 0 && !x.IfExists {
		return drivers.Errorf(drivers.ErUnknownView, "42S02", "Unknown VIEW: '%s'", strings.Join(missing, ","))
	}
	for _, tn := range x.Tables {
		delete(s.views, viewKey(tn.Schema.O, tn.Name.O))
	}
	return nil
}

// notAView refuses DROP TABLE of a view, as MariaDB does.
func (s *schema) notAView(tables []*ast.TableName) error {
	for _, tn := range tables {
		if s.view(tn.Schema.O, tn.Name.O) != nil {
			return drivers.Errorf(drivers.ErIsAView, "42S02", "'%s.%s' is a view", tn.Schema.O, tn.Name.O)
		}
	}
	return nil
}

// notWritableView refuses a write whose target is a view. blocksql's views
// are read-only on every backend (MariaDB would update a simple view).
func notWritableView(stmt ast.StmtNode, s *schema) error {
	var tn *ast.TableName
	verb := "UPDATE"
	switch x := stmt.(type) {
	case *ast.InsertStmt:
		tn = insertTarget(x)
		verb = "INSERT"
	case *ast.UpdateStmt:
		tn = refTarget(x.TableRefs)
	case *ast.DeleteStmt:
		tn, verb = refTarget(x.TableRefs), "DELETE"
	}
	if tn == nil || s.view(tn.Schema.O, tn.Name.O) == nil {
		return nil
	}
	if verb == "INSERT" {
		return drivers.Errorf(drivers.ErNonInsertableTable, "HY000", "The target table %s of the INSERT is not insertable-into", tn.Name.O)
	}
	return drivers.Errorf(drivers.ErNonUpdatableTable, "HY000", "The target table %s of the %s is not updatable", tn.Name.O, verb)
}

func refTarget(refs *ast.TableRefsClause) *ast.TableName {
	if refs == nil || refs.TableRefs == nil {
		return nil
	}
	if ts, ok := refs.TableRefs.Left.(*ast.TableSource); ok {
		if tn, ok := ts.Source.(*ast.TableName); ok {
			return tn
		}
	}
	return nil
}

// ShowCreate is the view's CREATE statement as SHOW CREATE VIEW prints it.
func (v *ViewDef) ShowCreate(name string) string {
	var b strings.Builder
	b.WriteString("CREATE ALGORITHM=" + v.Algorithm + " DEFINER=" + v.Definer + " SQL SECURITY " + v.Security +
		" VIEW `" + strings.ReplaceAll(name, "`", "``") + "`")
	if len(v.Columns) > 0 {
		b.WriteString(" (" + quoteList(v.Columns) + ")")
	}
	b.WriteString(" AS " + v.Select)
	if v.CheckOption != "NONE" {
		b.WriteString(" WITH " + v.CheckOption + " CHECK OPTION")
	}
	return b.String()
}
