package proxy

import (
	"context"

	"github.com/pingcap/tidb/pkg/parser/ast"

	"github.com/blocksql/blocksql/drivers"
	"github.com/blocksql/blocksql/replay"
)

// Views are catalog entries like tables (replay.TableDef with View set):
// SHOW answers them from the catalog, every backend alike.

// tableType is SHOW FULL TABLES' and information_schema's Table_type.
func tableType(t *replay.TableDef) string {
	if t != nil && t.View != nil {
		return "VIEW"
	}
	return "BASE TABLE"
}

// showCreateView answers SHOW CREATE VIEW, and SHOW CREATE TABLE of a view.
func (s *Session) showCreateView(_ context.Context, sh *ast.ShowStmt) (*Result, error) {
	t, err := s.table(sh)
	if err != nil {
		return nil, err
	}
	if t.View == nil {
		return nil, drivers.Errorf(drivers.ErWrongObject, "HY000", "'%s.%s' is not of type 'VIEW'", t.DB, t.Name)
	}
	return textResult([]string{"View", "Create View", "character_set_client", "collation_connection"},
		[][]any{{t.Name, t.CreateSQL, isDefaultCharset, isDefaultCollation}}), nil
}

var viewsTable = isTable{isCols("TABLE_CATALOG VARCHAR(512), TABLE_SCHEMA VARCHAR(64), TABLE_NAME VARCHAR(64), " +
	"VIEW_DEFINITION LONGTEXT, CHECK_OPTION VARCHAR(8), IS_UPDATABLE VARCHAR(3), DEFINER VARCHAR(384), " +
	"SECURITY_TYPE VARCHAR(7), CHARACTER_SET_CLIENT VARCHAR(32), COLLATION_CONNECTION VARCHAR(64), ALGORITHM VARCHAR(10)"),
	viewsRows}

// viewsRows are information_schema.VIEWS. IS_UPDATABLE is NO: blocksql
// refuses writes through a view on every backend.
func viewsRows(s *Session) [][]any {
	var rows [][]any
	s.userTables(func(t *replay.TableDef) {
		if v := t.View; v != nil {
			rows = append(rows, []any{"def", t.DB, t.Name, v.Select, v.CheckOption, "NO", v.Definer, v.Security,
				isDefaultCharset, isDefaultCollation, v.Algorithm})
		}
	})
	return rows
}

func init() { infoSchemaTables["VIEWS"] = viewsTable }
