package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"github.com/blocksql/blocksql/drivers"
	"os"

	"github.com/blocksql/blocksql/replay/audit"
)

type diffCmd struct{}

func init() { register("diff", diffCmd{}) }

func (diffCmd) Summary() string {
	return "list rows of a table inserted, updated and deleted between two block heights"
}

const diffHint = "blocksql diff shop.items --from 100 --to 200"

func (diffCmd) Run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("diff", flag.ContinueOnError)
	out := addAuditFlags(fs)
	from := fs.Int64("from", 0, "compare the table as it was after this block")
	to := fs.Int64("to", 0, "with the table as it was after this block (default: the newest applied)")
	pos, err := parseArgs(fs, args)
	if err != nil || len(pos) != 1 {
		return &UsageError{Msg: "diff takes one table", Hint: diffHint}
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
	if *to == 0 {
		if *to, err = audit.AppliedHeight(ctx, drv); err != nil {
			return err
		}
	}
	diffs, err := audit.Diff(ctx, drv, drivers.QualifiedName(db, table), *from, *to)
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
