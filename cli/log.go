package cli

import (
	"context"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/blocksql/blocksql/replay/audit"
)

func init() { register(newLogCmd) }

func newLogCmd() *cobra.Command {
	var f audit.Filter
	var since, until string
	out := auditFlags{}
	c := &cobra.Command{
		Use:   "log",
		Short: "list logged statements: who ran what, when, in which block, with what outcome",
		Long: "log lists the statements of the operation log, oldest first, with filters.\n" +
			"Times: " + timeFormats + ".",
		Example: "  blocksql log --home ./node --table shop.items --user alice\n" +
			"  blocksql log --since '2026-03-01 14:00' --until 2026-03-02 --csv\n" +
			"  blocksql log --failed --limit 20 --json",
		RunE: func(cmd *cobra.Command, _ []string) error {
			var err error
			if f.Since, err = parseTime("since", since); err != nil {
				return err
			}
			if f.Until, err = parseTime("until", until); err != nil {
				return err
			}
			return runLog(cmd.Context(), out, f)
		},
	}
	fs := c.Flags()
	out.add(fs)
	fs.StringVar(&f.Table, "table", "", "only statements touching this table (db.table)")
	fs.StringVar(&f.User, "user", "", "only statements by this database user")
	fs.StringVar(&since, "since", "", "only blocks at or after this time")
	fs.StringVar(&until, "until", "", "only blocks before this time")
	fs.Int64Var(&f.From, "from", 0, "lowest block height")
	fs.Int64Var(&f.To, "to", 0, "highest block height")
	fs.BoolVar(&f.Failed, "failed", false, "only statements that failed, or of transactions that failed")
	fs.StringVar(&f.Tx, "tx", "", "only this transaction (hash or hash prefix)")
	fs.IntVar(&f.Limit, "limit", 0, "at most this many statements (0: all)")
	return c
}

func runLog(ctx context.Context, out auditFlags, f audit.Filter) error {
	cfg, err := loadConfig(out.home)
	if err != nil {
		return err
	}
	if cfg.Dialect == "postgres" {
		stmts, err := pgLog(ctx, out.home, cfg.Database, f)
		if err != nil {
			return err
		}
		return out.write(os.Stdout, logRecords(stmts))
	}
	drv, err := openLog(out.home)
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
		switch {
		case s.ErrorCode != 0:
			outcome = fmt.Sprintf("error %d: %s", s.ErrorCode, s.ErrorMessage)
		case s.ErrorMessage != "":
			outcome += ": " + s.ErrorMessage
		}
		r.rows = append(r.rows, []string{fmt.Sprint(s.Height), s.Time, shortHash(s.TxHash), fmt.Sprint(s.StmtIndex),
			s.User, s.ClientAddr, s.DB, outcome, fmt.Sprint(s.RowsAffected), s.SQL})
	}
	return r
}
