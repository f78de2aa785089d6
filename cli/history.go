package main

import (
	"context"
	"flag"
	"fmt"
	"github.com/blocksql/blocksql/drivers"
	"os"

	"github.com/blocksql/blocksql/replay"
	"github.com/blocksql/blocksql/replay/audit"
)

type historyCmd struct{}

func init() { register("history", historyCmd{}) }

func (historyCmd) Summary() string {
	return "show one row's full life: every insert, update and delete, by whom, in which block"
}

const historyHint = "blocksql history shop.items 42   (a two-column key: blocksql history shop.lines 7,2)"

func (historyCmd) Run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("history", flag.ContinueOnError)
	out := addAuditFlags(fs)
	pos, err := parseArgs(fs, args)
	if err != nil || len(pos) != 2 {
		return &UsageError{Msg: "history takes a table and a primary key", Hint: historyHint}
	}
	db, table, err := logTable(pos[0])
	if err != nil {
		return err
	}
	drv, err := openLog(*out.home)
	if err != nil {
		return err
	}
	defer drv.Close()
	def, err := replay.ReadTable(ctx, drv, db, table)
	if err != nil {
		return err
	}
	key, err := def.KeyJSON(pos[1])
	if err != nil {
		return &UsageError{Msg: err.Error(), Hint: historyHint}
	}
	changes, err := audit.History(ctx, drv, drivers.QualifiedName(db, table), key)
	if err != nil {
		return err
	}
	if len(changes) == 0 && !*out.asJSON {
		fmt.Fprintf(os.Stderr, "no recorded changes for %s key %s\n", pos[0], key)
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
