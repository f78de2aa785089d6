package replay

import (
	"encoding/json"
	"fmt"
	"maps"
	"sort"
	"strings"
	"sync/atomic"
	"unicode/utf8"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/format"
	"github.com/pingcap/tidb/pkg/parser/mysql"
	"github.com/pingcap/tidb/pkg/parser/types"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/drivers"
)

// schema is one version of the catalog. A published schema is never
// mutated: the engine clones it, changes the clone while applying a block
// and publishes the clone after the local commit.
type schema struct {
	dbs    map[string]string    // lower name → name as created
	tables map[string]*TableDef // tableKey → definition
	views  map[string]*TableDef // viewKey → definition (View set)
	// accounts are the users created on the chain (see accounts.go); an
	// Account is replaced, never changed in place.
	accounts map[string]*Account
	// network is the chain's membership (see membership.go); nil when the
	// engine was not given the genesis one.
	network *consensus.Membership
}

// tableKey is a table's key in the catalog's maps: its database and name
// in lower case, joined by a NUL byte.
func tableKey(db, name string) string { return string(appendTableKey(nil, db, name)) }

// appendTableKey appends tableKey(db, name) to b: a lookup through it,
// m[string(appendTableKey(buf[:0], db, name))], builds no string (every
// statement looks its table up).
func appendTableKey(b []byte, db, name string) []byte {
	return appendLower(append(appendLower(b, db), 0), name)
}

// appendLower appends strings.ToLower(s) to b.
func appendLower(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return append(b, strings.ToLower(s)...)
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return b
}

func newSchema() *schema {
	return &schema{dbs: map[string]string{}, tables: map[string]*TableDef{}, views: map[string]*TableDef{},
		accounts: map[string]*Account{}}
}

func (s *schema) clone() *schema {
	c := &schema{dbs: make(map[string]string, len(s.dbs)), tables: make(map[string]*TableDef, len(s.tables)),
		views: make(map[string]*TableDef, len(s.views)), accounts: maps.Clone(s.accounts), network: s.network}
	for k, v := range s.views {
		c.views[k] = v
	}
	for k, v := range s.dbs {
		c.dbs[k] = v
	}
	for k, v := range s.tables {
		c.tables[k] = v
	}
	return c
}

func (s *schema) hasDB(db string) bool { _, ok := s.dbs[strings.ToLower(db)]; return ok }

func (s *schema) table(db, name string) *TableDef {
	var buf [128]byte
	return s.tables[string(appendTableKey(buf[:0], db, name))]
}

// catalogView serves CatalogReader from the last published schema.
type catalogView struct{ cur *atomic.Pointer[schema] }

func (v catalogView) Databases() []string {
	s := v.cur.Load()
	out := make([]string, 0, len(s.dbs))
	for _, name := range s.dbs {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

func (v catalogView) Tables(db string) []string {
	s := v.cur.Load()
	var out []string
	for _, m := range []map[string]*TableDef{s.tables, s.views} {
		for _, t := range m {
			if strings.EqualFold(t.DB, db) {
				out = append(out, t.Name)
			}
		}
	}
	sort.Strings(out)
	return out
}

// Table returns a table or a view (View set).
func (v catalogView) Table(db, name string) (*TableDef, bool) {
	s := v.cur.Load()
	t := s.table(db, name)
	if t == nil {
		t = s.view(db, name)
	}
	return t, t != nil
}

// applyDDL validates a qualified DDL statement against the schema and
// changes the schema as the statement would. It returns the errors MySQL
// gives for a missing or existing object, identically on every backend.
func (s *schema) applyDDL(stmt ast.StmtNode) error {
	switch x := stmt.(type) {
	case *ast.CreateDatabaseStmt:
		return s.createDB(x.Name.O, x.IfNotExists)
	case *ast.DropDatabaseStmt:
		return s.dropDB(x.Name.O, x.IfExists)
	case *ast.CreateTableStmt:
		return s.createTable(x)
	case *ast.DropTableStmt:
		if x.IsView {
			return s.dropViews(x)
		}
		return s.dropTables(x)
	case *ast.CreateViewStmt:
		return s.createView(x)
	case *ast.TruncateTableStmt:
		t, err := s.mustTable(x.Table)
		if err != nil {
			return err
		}
		s.put(t.withAutoInc(1))
	case *ast.RenameTableStmt:
		for _, tt := range x.TableToTables {
			if err := s.rename(tt.OldTable, tt.NewTable); err != nil {
				return err
			}
		}
	case *ast.AlterTableStmt:
		return s.alterTable(x)
	case *ast.CreateIndexStmt:
		return s.createIndex(x)
	case *ast.DropIndexStmt:
		return s.dropIndex(x)
	}
	return nil
}

func (s *schema) createDB(name string, ifNotExists bool) error {
	if s.hasDB(name) {
		if ifNotExists {
			return nil
		}
		return drivers.Errorf(drivers.ErDBCreateExists, "HY000", "Can't create database '%s'; database exists", name)
	}
	if strings.EqualFold(name, drivers.Schema) || strings.EqualFold(name, "information_schema") {
		return drivers.Errorf(drivers.ErDBCreateExists, "HY000", "Can't create database '%s'; database exists", name)
	}
	s.dbs[strings.ToLower(name)] = name
	return nil
}

func (s *schema) dropDB(name string, ifExists bool) error {
	if !s.hasDB(name) {
		if ifExists {
			return nil
		}
		return drivers.Errorf(drivers.ErDBDropExists, "HY000", "Can't drop database '%s'; database doesn't exist", name)
	}
	delete(s.dbs, strings.ToLower(name))
	for _, m := range []map[string]*TableDef{s.tables, s.views} {
		for k, t := range m {
			if strings.EqualFold(t.DB, name) {
				delete(m, k)
			}
		}
	}
	return nil
}

// put stores a new version of a definition. CreateSQL is rendered when the
// block's changes are saved, not on every AUTO_INCREMENT step.
func (s *schema) put(t *TableDef) {
	s.tables[tableKey(t.DB, t.Name)] = t
}

func (s *schema) mustDB(db string) error {
	if !s.hasDB(db) {
		return drivers.Errorf(drivers.ErBadDB, "42000", "Unknown database '%s'", db)
	}
	return nil
}

func (s *schema) mustTable(tn *ast.TableName) (*TableDef, error) {
	t := s.table(tn.Schema.O, tn.Name.O)
	if t == nil {
		return nil, noSuchTable(tn.Schema.O, tn.Name.O)
	}
	return t, nil
}

func noSuchTable(db, name string) error {
	return drivers.Errorf(drivers.ErNoSuchTable, "42S02", "Table '%s.%s' doesn't exist", db, name)
}

func (s *schema) createTable(x *ast.CreateTableStmt) error {
	db, name := x.Table.Schema.O, x.Table.Name.O
	if err := s.mustDB(db); err != nil {
		return err
	}
	if s.exists(db, name) {
		if x.IfNotExists {
			return nil
		}
		return drivers.Errorf(drivers.ErTableExists, "42S01", "Table '%s' already exists", name)
	}
	t := &TableDef{DB: db, Name: name}
	for _, c := range x.Cols {
		if err := t.addColumn(c, nil); err != nil {
			return err
		}
	}
	for _, c := range x.Constraints {
		if err := t.addConstraint(c); err != nil {
			return err
		}
	}
	if t.AutoIncColumn() != nil {
		t.AutoIncrement = max(1, autoIncOption(x.Options, 0))
	}
	s.put(t)
	return nil
}

// autoIncOption is the value of an AUTO_INCREMENT = n table option among
// opts (the last one), or def without one.
func autoIncOption(opts []*ast.TableOption, def uint64) uint64 {
	for _, o := range opts {
		if o.Tp == ast.TableOptionAutoIncrement {
			def = o.UintValue
		}
	}
	return def
}

func (s *schema) dropTables(x *ast.DropTableStmt) error {
	if err := s.notAView(x.Tables); err != nil {
		return err
	}
	missing := missingOf(x.Tables, s.table)
	if len(missing) > 0 && !x.IfExists {
		return drivers.Errorf(drivers.ErBadTable, "42S02", "Unknown table '%s'", strings.Join(missing, ","))
	}
	for _, tn := range x.Tables {
		delete(s.tables, tableKey(tn.Schema.O, tn.Name.O))
	}
	return nil
}

// missingOf lists the names that lookup does not find, as "db.name".
func missingOf(names []*ast.TableName, lookup func(db, name string) *TableDef) []string {
	var missing []string
	for _, tn := range names {
		if lookup(tn.Schema.O, tn.Name.O) == nil {
			missing = append(missing, tn.Schema.O+"."+tn.Name.O)
		}
	}
	return missing
}

func (s *schema) rename(from, to *ast.TableName) error {
	t, err := s.mustTable(from)
	if err != nil {
		return err
	}
	if err := s.mustDB(to.Schema.O); err != nil {
		return err
	}
	if s.exists(to.Schema.O, to.Name.O) {
		return drivers.Errorf(drivers.ErTableExists, "42S01", "Table '%s' already exists", to.Name.O)
	}
	delete(s.tables, tableKey(t.DB, t.Name))
	n := t.copy()
	n.DB, n.Name = to.Schema.O, to.Name.O
	s.put(n)
	return nil
}

func (s *schema) createIndex(x *ast.CreateIndexStmt) error {
	t, err := s.mustTable(x.Table)
	if err != nil {
		return err
	}
	n := t.copy()
	unique := x.KeyType == ast.IndexKeyTypeUnique
	if err := n.addIndex(x.IndexName, x.IndexPartSpecifications, unique); err != nil {
		return err
	}
	s.put(n)
	return nil
}

func (s *schema) dropIndex(x *ast.DropIndexStmt) error {
	t, err := s.mustTable(x.Table)
	if err != nil {
		return err
	}
	n := t.copy()
	if !n.dropIndex(x.IndexName) {
		if x.IfExists {
			return nil
		}
		return drivers.Errorf(drivers.ErCantDropKey, "42000", "Can't DROP INDEX `%s`; check that it exists", x.IndexName)
	}
	s.put(n)
	return nil
}

func (t *TableDef) copy() *TableDef {
	n := *t
	n.Columns = append([]ColumnDef(nil), t.Columns...)
	n.PrimaryKey = append([]string(nil), t.PrimaryKey...)
	n.Indexes = append([]IndexDef(nil), t.Indexes...)
	return &n
}

// withAutoInc is t with the counter at next. It shares t's columns and
// keys: definitions are copied before they change (copy), never changed in
// place once in a schema, and an INSERT moves the counter of every
// AUTO_INCREMENT table it writes.
func (t *TableDef) withAutoInc(next uint64) *TableDef {
	n := *t
	if n.AutoIncColumn() != nil {
		n.AutoIncrement = next
	}
	return &n
}

// addColumn adds a column definition; after names the column it follows
// ("" = first) or nil to append.
func (t *TableDef) addColumn(c *ast.ColumnDef, pos *ast.ColumnPosition) error {
	if t.Column(c.Name.Name.O) != nil {
		return drivers.Errorf(drivers.ErDupFieldName, "42S21", "Duplicate column name '%s'", c.Name.Name.O)
	}
	col := ColumnDef{Name: c.Name.Name.O, Type: columnTypeText(c.Tp), Nullable: true,
		Unsigned: mysql.HasUnsignedFlag(c.Tp.GetFlag())}
	for _, o := range c.Options {
		if err := t.applyColumnOption(&col, o); err != nil {
			return err
		}
	}
	t.insertColumn(col, pos)
	return nil
}

// unsignedWidths are MySQL's display widths of the UNSIGNED integer types
// declared without one: no sign, so one less than the signed type's
// (BIGINT UNSIGNED keeps 20).
var unsignedWidths = map[byte]int{mysql.TypeTiny: 3, mysql.TypeShort: 5, mysql.TypeInt24: 8, mysql.TypeLong: 10}

// columnTypeText is a column's type as SHOW CREATE TABLE prints it:
// tinyint(3) unsigned, decimal(10,2).
func columnTypeText(tp *types.FieldType) string {
	if w, ok := unsignedWidths[tp.GetType()]; ok && mysql.HasUnsignedFlag(tp.GetFlag()) && tp.GetFlen() == types.UnspecifiedLength {
		tp = tp.Clone()
		tp.SetFlen(w)
	}
	return strings.ToLower(tp.CompactStr())
}

func (t *TableDef) applyColumnOption(col *ColumnDef, o *ast.ColumnOption) error {
	switch o.Tp {
	case ast.ColumnOptionNotNull:
		col.Nullable = false
	case ast.ColumnOptionNull:
		col.Nullable = true
	case ast.ColumnOptionPrimaryKey:
		if len(t.PrimaryKey) > 0 {
			return drivers.Errorf(drivers.ErMultiplePK, "42000", "Multiple primary key defined")
		}
		t.PrimaryKey = []string{col.Name}
		col.Nullable = false
	case ast.ColumnOptionAutoIncrement:
		if t.AutoIncColumn() != nil {
			return drivers.Errorf(1075, "42000", "Incorrect table definition; there can be only one auto column and it must be defined as a key")
		}
		col.AutoInc = true
		col.Nullable = false
	case ast.ColumnOptionUniqKey:
		t.Indexes = append(t.Indexes, IndexDef{Name: t.freeIndexName(col.Name), Columns: []string{col.Name}, Unique: true})
	case ast.ColumnOptionDefaultValue:
		col.Default, col.DefaultNow = defaultOf(o.Expr)
	case ast.ColumnOptionOnUpdate:
		if base, _ := splitType(col.Type); base != "timestamp" && base != "datetime" {
			return drivers.Errorf(1294, "HY000", "Invalid ON UPDATE clause for '%s' column", col.Name)
		}
		col.OnUpdateNow = true
	}
	return nil
}

func defaultOf(e ast.ExprNode) (*string, bool) {
	if f, ok := e.(*ast.FuncCallExpr); ok {
		switch f.FnName.L {
		case "current_timestamp", "now", "localtime", "localtimestamp":
			v := "current_timestamp()"
			return &v, true
		}
	}
	if v, ok := e.(ast.ValueExpr); ok && v.GetValue() == nil {
		return nil, false
	}
	txt, err := drivers.Restore(e, format.RestoreStringWithoutCharset|format.RestoreStringSingleQuotes)
	if err != nil {
		return nil, false
	}
	v := strings.Trim(txt, "'")
	return &v, false
}

func (t *TableDef) insertColumn(col ColumnDef, pos *ast.ColumnPosition) {
	at := len(t.Columns)
	if pos != nil {
		switch pos.Tp {
		case ast.ColumnPositionFirst:
			at = 0
		case ast.ColumnPositionAfter:
			for i, c := range t.Columns {
				if strings.EqualFold(c.Name, pos.RelativeColumn.Name.O) {
					at = i + 1
				}
			}
		}
	}
	t.Columns = append(t.Columns[:at], append([]ColumnDef{col}, t.Columns[at:]...)...)
}

func (t *TableDef) addConstraint(c *ast.Constraint) error {
	switch c.Tp {
	case ast.ConstraintPrimaryKey:
		if len(t.PrimaryKey) > 0 {
			return drivers.Errorf(drivers.ErMultiplePK, "42000", "Multiple primary key defined")
		}
		for _, k := range c.Keys {
			if k.Column == nil {
				continue
			}
			t.PrimaryKey = append(t.PrimaryKey, k.Column.Name.O)
			if col := t.Column(k.Column.Name.O); col != nil {
				col.Nullable = false
			}
		}
	case ast.ConstraintUniq, ast.ConstraintUniqKey, ast.ConstraintUniqIndex:
		return t.addIndex(c.Name, c.Keys, true)
	case ast.ConstraintKey, ast.ConstraintIndex:
		return t.addIndex(c.Name, c.Keys, false)
	}
	return nil
}

func (t *TableDef) addIndex(name string, keys []*ast.IndexPartSpecification, unique bool) error {
	var cols []string
	for _, k := range keys {
		if k.Column == nil {
			return drivers.Errorf(drivers.ErNotSupported, "42000", "blocksql: expression indexes are not supported")
		}
		if t.Column(k.Column.Name.O) == nil {
			return drivers.Errorf(1072, "42000", "Key column '%s' doesn't exist in table", k.Column.Name.O)
		}
		cols = append(cols, k.Column.Name.O)
	}
	if name == "" {
		name = t.freeIndexName(cols[0])
	} else if t.indexNamed(name) >= 0 {
		return drivers.Errorf(drivers.ErDupKeyName, "42000", "Duplicate key name '%s'", name)
	}
	t.Indexes = append(t.Indexes, IndexDef{Name: name, Columns: cols, Unique: unique})
	return nil
}

func (t *TableDef) indexNamed(name string) int {
	for i, ix := range t.Indexes {
		if strings.EqualFold(ix.Name, name) {
			return i
		}
	}
	return -1
}

func (t *TableDef) freeIndexName(base string) string {
	name := base
	for i := 2; t.indexNamed(name) >= 0; i++ {
		name = fmt.Sprintf("%s_%d", base, i)
	}
	return name
}

func (t *TableDef) dropIndex(name string) bool {
	i := t.indexNamed(name)
	if i < 0 {
		return false
	}
	t.Indexes = append(t.Indexes[:i], t.Indexes[i+1:]...)
	return true
}

// marshalDef and unmarshalDef persist a definition in blocksql.catalog.
func marshalDef(t *TableDef) (string, error) {
	b, err := json.Marshal(t)
	return string(b), err
}

func unmarshalDef(s string) (*TableDef, error) {
	t := &TableDef{}
	if err := json.Unmarshal([]byte(s), t); err != nil {
		return nil, err
	}
	return t, nil
}
