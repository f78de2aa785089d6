package replay

// TableDef describes one user table as every backend must see it. The
// catalog is kept by the apply engine (not read back from the database) so
// that SHOW, DESCRIBE, auto-increment and digests are identical on every
// backend.
type TableDef struct {
	DB         string
	Name       string
	Columns    []ColumnDef
	PrimaryKey []string // column names; empty when the table has none
	// Indexes are the table's keys other than the primary key, in order.
	Indexes []IndexDef
	// CreateSQL is the canonical MySQL CREATE TABLE text (SHOW CREATE TABLE).
	CreateSQL string
	// AutoIncrement is the next value the engine assigns (0 = no column).
	AutoIncrement uint64
	// View is set when the definition is a view's (it has no columns).
	View *ViewDef `json:",omitempty"`
}

// ColumnDef is one column as DESCRIBE shows it.
type ColumnDef struct {
	Name     string
	Type     string // MySQL column type as SHOW COLUMNS prints it, e.g. "int(11)", "varchar(64)"
	Nullable bool
	Default  *string // nil = no default
	AutoInc  bool
	Unsigned bool
	// DefaultNow marks DEFAULT CURRENT_TIMESTAMP: the engine fills it with
	// the block time so no database clock is ever read.
	DefaultNow bool
	// OnUpdateNow marks ON UPDATE CURRENT_TIMESTAMP: the engine sets the
	// block time on every row an UPDATE changes (onupdate.go).
	OnUpdateNow bool
}

// IndexDef is a secondary key of a table.
type IndexDef struct {
	Name    string
	Columns []string
	Unique  bool
}

// Column returns the named column (case-insensitive) or nil.
func (t *TableDef) Column(name string) *ColumnDef {
	for i := range t.Columns {
		if equalFold(t.Columns[i].Name, name) {
			return &t.Columns[i]
		}
	}
	return nil
}

// AutoIncColumn returns the AUTO_INCREMENT column or nil.
func (t *TableDef) AutoIncColumn() *ColumnDef {
	for i := range t.Columns {
		if t.Columns[i].AutoInc {
			return &t.Columns[i]
		}
	}
	return nil
}

func equalFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// CatalogReader is the read side of the catalog the proxy answers SHOW and
// DESCRIBE from.
type CatalogReader interface {
	Databases() []string
	Tables(db string) []string
	Table(db, name string) (*TableDef, bool)
}
