package mysql

import (
	"github.com/blocksql/blocksql/drivers"
)

// localInfileRequest is the packet header asking the client for a file.
const localInfileRequest = 0xfb

// readLocalFile asks the client for the file a LOAD DATA LOCAL INFILE
// names and reads it, packet by packet, to the empty packet that ends it.
// Past limit bytes it keeps reading, to stay in step with the client, but
// stores nothing more and refuses the statement.
func (h *handler) readLocalFile(name string, limit int) ([]byte, error) {
	req := append([]byte{0, 0, 0, 0, localInfileRequest}, name...)
	if err := h.conn.WritePacket(req); err != nil {
		return nil, err
	}
	var data []byte
	over := false
	for {
		pkt, err := h.conn.ReadPacket()
		if err != nil {
			return nil, err
		}
		if len(pkt) == 0 {
			break
		}
		if over || len(data)+len(pkt) > limit {
			over, data = true, nil
			continue
		}
		data = append(data, pkt...)
	}
	if over {
		return nil, drivers.Errorf(1197, "HY000",
			"LOAD DATA LOCAL file is larger than the %d bytes one chain transaction can hold; split it into smaller files", limit)
	}
	return data, nil
}
