package cli

import (
	"context"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/blocksql/blocksql/drivers"
	"github.com/blocksql/blocksql/replay"
	"github.com/blocksql/blocksql/replay/audit"
)

func init() { register(newHistoryCmd) }

func newHistoryCmd() *cobra.Command {
	out := auditFlags{}
	c := &cobra.Command{
		Use:   "history TABLE KEY",
		Short: "show one row's full life: every insert, update and delete, by whom, in which block",
		Long: "history lists every change of one row, oldest first.\n" +
			"TABLE is db.table (on a PostgreSQL-dialect chain: table or public.table); KEY is the row's primary key, its columns separated by commas.",
		Example: "  blocksql history shop.items 42\n  blocksql history shop.lines 7,2 --json",
		Args:    exactArgs(2, "a table (db.table) and a primary key"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runHistory(cmd.Context(), out, args[0], args[1])
		},
	}
	out.add(c.Flags())
	return c
}

func runHistory(ctx context.Context, out auditFlags, name, keyText string) error {
	if cfg, err := loadConfig(out.home); err == nil && cfg.Dialect == "postgres" {
		return pgHistory(ctx, out, cfg.Database, name, keyText)
	}
	db, table, err := logTable(name)
	if err != nil {
		return err
	}
	drv, err := openLog(out.home)
	if err != nil {
		return err
	}
	defer drv.Close()
	def, err := replay.ReadTable(ctx, drv, db, table)
	if err != nil {
		return err
	}
	key, err := def.KeyJSON(keyText)
	if err != nil {
		return &UsageError{Msg: err.Error(), Hint: "blocksql history shop.lines 7,2   (one value per key column)"}
	}
	changes, err := audit.History(ctx, drv, drivers.QualifiedName(db, table), key)
	if err != nil {
		return err
	}
	if len(changes) == 0 && !out.asJSON {
		fmt.Fprintf(os.Stderr, "no recorded changes for %s key %s\n", name, key)
	}
	return out.write(os.Stdout, historyRecords(changes))
}

func historyRecords(changes []audit.Change) records {
	r := records{value: changes,
		header: []string{"HEIGHT", "TIME", "TX", "STMT", "USER", "OP", "CHANGE", "SQL"}}
	if changes == nil {
		r.value = []audit.Change{}
	}
	for _, c := range changes {
		r.rows = append(r.rows, []string{fmt.Sprint(c.Height), c.Time, shortHash(c.TxHash), fmt.Sprint(c.StmtIndex),
			c.User, c.Op, changeText(c.Op, c.Before, c.After), c.SQL})
	}
	return r
}
