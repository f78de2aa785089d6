package replay

import (
	"sort"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// pgTablesOf are the user tables a postgres-dialect statement names (read
// or written, in schema public), lower case and sorted, for
// blocksql.statement_tables: what `blocksql log --table` filters on.
// Names a WITH clause defines are not tables.
func pgTablesOf(canonical string) []string {
	tree, err := pg_query.Parse(canonical)
	if err != nil {
		return nil
	}
	tables, ctes, indexes := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, raw := range tree.Stmts {
		_ = pgWalk(raw.Stmt, func(n *pg_query.Node) error {
			switch x := n.Node.(type) {
			case *pg_query.Node_CommonTableExpr:
				ctes[strings.ToLower(x.CommonTableExpr.Ctename)] = true
			case *pg_query.Node_RangeVar:
				if s := x.RangeVar.Schemaname; s == "" || s == "public" {
					tables[strings.ToLower(x.RangeVar.Relname)] = true
				}
			case *pg_query.Node_RenameStmt:
				// RENAME TO names the table under both names, as the MySQL
				// dialect's RENAME TABLE does.
				r := x.RenameStmt
				if s := r.Relation.GetSchemaname(); r.RenameType == pg_query.ObjectType_OBJECT_TABLE && (s == "" || s == "public") {
					tables[strings.ToLower(r.Newname)] = true
				}
				if r.RenameType == pg_query.ObjectType_OBJECT_INDEX {
					indexes[strings.ToLower(r.Relation.GetRelname())] = true // names an index, as DROP INDEX does
				}
			case *pg_query.Node_DropStmt:
				if x.DropStmt.RemoveType == pg_query.ObjectType_OBJECT_TABLE {
					for _, obj := range x.DropStmt.Objects {
						if items := obj.GetList().GetItems(); len(items) == 1 ||
							len(items) == 2 && items[0].GetString_().GetSval() == "public" {
							tables[strings.ToLower(items[len(items)-1].GetString_().GetSval())] = true
						}
					}
				}
			}
			return nil
		})
	}
	out := make([]string, 0, len(tables))
	for t := range tables {
		if !ctes[t] && !indexes[t] && t != "" {
			out = append(out, t)
		}
	}
	sort.Strings(out)
	return out
}
