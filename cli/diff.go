package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/blocksql/blocksql/drivers"
	"github.com/blocksql/blocksql/replay/audit"
)

func init() { register(newDiffCmd) }

const diffHint = "blocksql diff shop.items --from 100 --to 200"

func newDiffCmd() *cobra.Command {
	out := auditFlags{}
	var from, to int64
	c := &cobra.Command{
		Use:     "diff TABLE",
		Short:   "list rows of a table inserted, updated and deleted between two block heights",
		Long:    "diff compares TABLE (db.table) after block --from with the same table after block --to.",
		Example: "  " + diffHint + "\n  blocksql diff shop.items --from 100 --csv",
		Args:    exactArgs(1, "one table (db.table)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runDiff(cmd.Context(), out, args[0], from, to)
		},
	}
	out.add(c.Flags())
	c.Flags().Int64Var(&from, "from", 0, "compare the table as it was after this block")
	c.Flags().Int64Var(&to, "to", 0, "with the table as it was after this block (default: the newest applied)")
	return c
}

func runDiff(ctx context.Context, out auditFlags, table string, from, to int64) error {
	if cfg, err := loadConfig(out.home); err == nil && cfg.Dialect == "postgres" {
		return pgDiff(ctx, out, cfg.Database, table, from, to)
	}
	db, name, err := logTable(table)
	if err != nil {
		return err
	}
	drv, err := openLog(out.home)
	if err != nil {
		return err
	}
	defer drv.Close()
	if to == 0 {
		if to, err = audit.AppliedHeight(ctx, drv); err != nil {
			return err
		}
	}
	diffs, err := audit.Diff(ctx, drv, drivers.QualifiedName(db, name), from, to)
	if err != nil {
		return &UsageError{Msg: err.Error(), Hint: diffHint}
	}
	return out.write(os.Stdout, diffRecords(diffs))
}

func diffRecords(diffs []audit.RowDiff) records {
	r := records{value: diffs, header: []string{"OP", "KEY", "CHANGES", "ROW"}}
	if diffs == nil {
		r.value = []audit.RowDiff{}
	}
	for _, d := range diffs {
		r.rows = append(r.rows, []string{d.Op, string(d.PK), fmt.Sprint(d.Changes), changeText(d.Op, d.Before, d.After)})
	}
	return r
}

// changeText is what a change did, for the table format: the whole row
// for an insert or delete, the changed columns for an update.
func changeText(op string, before, after json.RawMessage) string {
	switch op {
	case "insert":
		return describeRow(after)
	case "delete":
		return describeRow(before)
	}
	return describeChange(before, after)
}
