package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/blocksql/blocksql/replay/audit"
)

type logCmd struct{}

func init() { register("log", logCmd{}) }

func (logCmd) Summary() string {
	return "list logged statements: who ran what, when, in which block, with what outcome"
}

const logHint = "blocksql log --table shop.items --user alice --since 2026-03-01 --until 2026-03-02 [--json|--csv]"

func (logCmd) Run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("log", flag.ContinueOnError)
	out := addAuditFlags(fs)
	var f audit.Filter
	fs.StringVar(&f.Table, "table", "", "only statements touching this table (db.table)")
	fs.StringVar(&f.User, "user", "", "only statements by this database user")
	since := fs.String("since", "", "only blocks at or after this time (UTC unless a zone is given)")
	until := fs.String("until", "", "only blocks before this time")
	fs.Int64Var(&f.From, "from", 0, "lowest block height")
	fs.Int64Var(&f.To, "to", 0, "highest block height")
	fs.BoolVar(&f.Failed, "failed", false, "only statements of transactions that failed")
	fs.StringVar(&f.Tx, "tx", "", "only this transaction (hash or hash prefix)")
	fs.IntVar(&f.Limit, "limit", 0, "at most this many statements (0: all)")
	pos, err := parseArgs(fs, args)
	if err != nil || len(pos) > 0 {
		return &UsageError{Msg: fmt.Sprintf("log takes flags only: %v %v", err, pos), Hint: logHint}
	}
	if f.Since, err = parseTime("since", *since); err != nil {
		return err
	}
	if f.Until, err = parseTime("until", *until); err != nil {
		return err
	}
	drv, err := openLog(*out.home)
	if err != nil {
		return err
	}
	defer drv.Close()
	stmts, err := audit.Log(ctx, drv, f)
	if err != nil {
		return err
	}
	return out.write(os.Stdout, logRecords(stmts))
}

func logRecords(stmts []audit.Statement) records {
	r := records{value: stmts,
		header: []string{"HEIGHT", "TIME", "TX", "STMT", "USER", "CLIENT", "DB", "OUTCOME", "ROWS", "SQL"}}
	if stmts == nil {
		r.value = []audit.Statement{}
	}
	for _, s := range stmts {
		outcome := s.Outcome
		if s.ErrorCode != 0 {
			outcome = fmt.Sprintf("error %d: %s", s.ErrorCode, s.ErrorMessage)
		}
		r.rows = append(r.rows, []string{fmt.Sprint(s.Height), s.Time, shortHash(s.TxHash), fmt.Sprint(s.StmtIndex),
			s.User, s.ClientAddr, s.DB, outcome, fmt.Sprint(s.RowsAffected), s.SQL})
	}
	return r
}
