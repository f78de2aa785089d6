package sqlite

import (
	"fmt"
	"slices"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// ALTER TABLE … RENAME and ALTER INDEX … RENAME TO on SQLite. SQLite's
// own ALTER TABLE … RENAME COLUMN and RENAME TO rewrite the table, its
// indexes, its CHECK constraints and triggers, and the foreign keys of
// other tables that name it, and keep every row; the engine's catalog
// (pgTable) follows: the column in the keys and foreign keys, the table in
// the foreign keys that reference it. Index, constraint and sequence names
// stay as they were, as in PostgreSQL. The NOT NULL triggers
// (setNotNull), whose names and message hold the table's and the column's
// names, are made again. An index is renamed by making it again
// (renameIndex).

func (w *pgWriter) rename(s *pg_query.RenameStmt) (*pgPlan, error) {
	column := s.RenameType == pg_query.ObjectType_OBJECT_COLUMN && s.RelationType == pg_query.ObjectType_OBJECT_TABLE
	if !column && s.RenameType != pg_query.ObjectType_OBJECT_TABLE && s.RenameType != pg_query.ObjectType_OBJECT_INDEX {
		return nil, pgUnsupported("only ALTER TABLE … RENAME [COLUMN] … TO, ALTER TABLE … RENAME TO and ALTER INDEX … RENAME TO are supported on the SQLite backend")
	}
	rv := s.Relation
	if rv.Schemaname != "" && rv.Schemaname != "public" {
		return nil, pgUnsupported("schema %s is not writable on the SQLite backend", rv.Schemaname)
	}
	t, err := w.tables(rv.Relname)
	if err != nil {
		return nil, err
	}
	if t == nil {
		// ALTER TABLE and ALTER INDEX … RENAME TO each rename a table or an
		// index, as in PostgreSQL.
		if it, i := w.indexTable(rv.Relname); it != nil && !column {
			return w.renameIndex(it, i, s.Newname)
		}
		if s.MissingOk {
			return &pgPlan{}, nil
		}
		return nil, pgErr("42P01", "relation %q does not exist", rv.Relname)
	}
	if column {
		return w.renameColumn(t, s.Subname, s.Newname)
	}
	return w.renameTable(t, s.Newname)
}

// renameIndex renames t's index i: SQLite has no ALTER INDEX, so the index
// is made again under its new name. A key's or unique constraint's name
// is its index's, so it follows, as in PostgreSQL.
func (w *pgWriter) renameIndex(t *pgTable, i int, name string) (*pgPlan, error) {
	if err := pgCheckName(name); err != nil {
		return nil, err
	}
	if w.relationExists(name) {
		return nil, pgErr("42P07", "relation %q already exists", name)
	}
	t2 := t.clone()
	t2.Indexes[i].Name = name
	return &pgPlan{sql: []string{"DROP INDEX " + quoteIdent(t.Indexes[i].Name), t2.Indexes[i].create(t.Name)}, save: []*pgTable{t2}}, nil
}

func (w *pgWriter) renameColumn(t *pgTable, old, name string) (*pgPlan, error) {
	_, col := t.column(old)
	if col == nil {
		return nil, pgErr("42703", "column %q does not exist", old)
	}
	if _, c := t.column(name); c != nil {
		return nil, pgErr("42701", "column %q of relation %q already exists", name, t.Name)
	}
	plan := &pgPlan{sql: []string{fmt.Sprintf("ALTER TABLE %s RENAME COLUMN %s TO %s", quoteIdent(t.Name), quoteIdent(old), quoteIdent(name))}}
	if col.NotNullTriggers {
		plan.sql = append(append(plan.sql, pgDropNotNullTriggers(t.Name, old)...), pgNotNullTriggers(t.Name, name)...)
	}
	t2 := t.clone()
	_, c := t2.column(old)
	c.Name = name
	for i := range t2.Indexes {
		renameIn(t2.Indexes[i].Columns, old, name)
	}
	for i := range t2.ForeignKeys {
		renameIn(t2.ForeignKeys[i].Columns, old, name)
	}
	plan.save = w.referencing(t, t2)
	for _, r := range plan.save {
		for i := range r.ForeignKeys {
			if r.ForeignKeys[i].Parent == t.Name {
				renameIn(r.ForeignKeys[i].ParentColumns, old, name)
			}
		}
	}
	return plan, nil
}

func (w *pgWriter) renameTable(t *pgTable, name string) (*pgPlan, error) {
	if err := pgCheckName(name); err != nil {
		return nil, err
	}
	if w.relationExists(name) {
		return nil, pgErr("42P07", "relation %q already exists", name)
	}
	plan := &pgPlan{sql: []string{fmt.Sprintf("ALTER TABLE %s RENAME TO %s", quoteIdent(t.Name), quoteIdent(name))}}
	for _, c := range t.Columns {
		if c.NotNullTriggers {
			plan.sql = append(append(plan.sql, pgDropNotNullTriggers(t.Name, c.Name)...), pgNotNullTriggers(name, c.Name)...)
		}
	}
	t2 := t.clone()
	t2.Name = name
	plan.save, plan.drop = w.referencing(t, t2), []string{t.Name}
	for _, r := range plan.save {
		for i := range r.ForeignKeys {
			if r.ForeignKeys[i].Parent == t.Name {
				r.ForeignKeys[i].Parent = name
			}
		}
	}
	return plan, nil
}

// referencing is t2 (t's new version) and copies of the other tables whose
// foreign keys reference t, for the plan to change and save.
func (w *pgWriter) referencing(t, t2 *pgTable) []*pgTable {
	out := []*pgTable{t2}
	if w.allTables == nil {
		return out
	}
	for _, other := range w.allTables() {
		if other.Name != t.Name && slices.ContainsFunc(other.ForeignKeys, func(fk pgForeignKey) bool { return fk.Parent == t.Name }) {
			out = append(out, other.clone())
		}
	}
	return out
}

// relationExists reports a table, an index or a sequence named name: they
// share PostgreSQL's namespace of relations.
func (w *pgWriter) relationExists(name string) bool {
	if t, _ := w.tables(name); t != nil || w.indexExists(name) {
		return true
	}
	if w.seqExists == nil {
		return false
	}
	ok, _ := w.seqExists(name)
	return ok
}

// clone is a copy of t whose columns, keys and foreign keys can be changed
// without changing t (which a transaction's catalog cache may hold).
func (t *pgTable) clone() *pgTable {
	t2 := *t
	t2.Columns = slices.Clone(t.Columns)
	t2.Indexes = slices.Clone(t.Indexes)
	for i := range t2.Indexes {
		t2.Indexes[i].Columns = slices.Clone(t2.Indexes[i].Columns)
	}
	t2.ForeignKeys = slices.Clone(t.ForeignKeys)
	for i := range t2.ForeignKeys {
		fk := &t2.ForeignKeys[i]
		fk.Columns, fk.ParentColumns = slices.Clone(fk.Columns), slices.Clone(fk.ParentColumns)
	}
	t2.Checks = slices.Clone(t.Checks)
	return &t2
}

// renameIn replaces old by name in a list of column names.
func renameIn(cols []string, old, name string) {
	for i, c := range cols {
		if c == old {
			cols[i] = name
		}
	}
}
