package audit

import (
	"context"
	"fmt"
)

// BlockInfo is one applied block from blocksql.blocks.
type BlockInfo struct {
	Height   int64  `json:"height"`
	Time     string `json:"time"`
	Hash     string `json:"hash"`
	Proposer string `json:"proposer"`
	TxCount  int    `json:"tx_count"`
	AppHash  string `json:"app_hash"`
}

// Blocks returns up to limit blocks below height before (0: from the
// newest), newest first. It walks the primary key, so a page costs the
// same on a chain of any length.
func Blocks(ctx context.Context, src Source, before int64, limit int) ([]BlockInfo, error) {
	q := "SELECT height, time, hash, proposer, tx_count, app_hash FROM " + src.Internal("blocks")
	var args []any
	if before > 0 {
		q += " WHERE height < ?"
		args = append(args, before)
	}
	q += fmt.Sprintf(" ORDER BY height DESC LIMIT %d", limit)
	rows, err := src.QueryInternal(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("read blocks: %w", err)
	}
	defer rows.Close()
	var out []BlockInfo
	for rows.Next() {
		var b BlockInfo
		if err := rows.Scan(&b.Height, &b.Time, &b.Hash, &b.Proposer, &b.TxCount, &b.AppHash); err != nil {
			return nil, fmt.Errorf("read blocks: %w", err)
		}
		out = append(out, b)
	}
	return out, rows.Err()
}
