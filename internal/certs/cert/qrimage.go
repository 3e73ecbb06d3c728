package cert

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	_ "image/gif" // the formats DecodeQR reads
	_ "image/jpeg"
	_ "image/png"
	"io"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
)

// Limits of DecodeQR, checked before any pixel is decoded: a small file
// can claim a huge image, and decoding it would take the memory of the
// claim (a PNG of 100000×100000 pixels is a few kilobytes).
const (
	MaxImageBytes  = 20 << 20   // 20 MiB read at most
	MaxImagePixels = 40_000_000 // 40 megapixels: a phone photo, a page at 600 dpi
)

// Errors of DecodeQR, each a clear answer for the person who checks.
var (
	ErrNotImage      = errors.New("not a PNG, JPEG or GIF image")
	ErrImageTooLarge = fmt.Errorf("the image is too large (at most %d MiB and %d megapixels)", MaxImageBytes>>20, MaxImagePixels/1_000_000)
	ErrNoQR          = errors.New("no readable QR code in the image")
)

// qrFormats are the image formats DecodeQR accepts: a format another
// package registers with the image package is refused all the same.
var qrFormats = map[string]bool{"png": true, "jpeg": true, "gif": true}

// DecodeQR reads a PNG, JPEG or GIF image from r and returns the text of
// the QR code in it (for a certificate, QRText: feed it to
// ExtractPayload). It fails with ErrImageTooLarge, ErrNotImage or ErrNoQR,
// or the error of reading r; it never panics, whatever r holds.
func DecodeQR(r io.Reader) (text string, err error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxImageBytes+1))
	if err != nil {
		return "", err
	}
	if len(data) > MaxImageBytes {
		return "", ErrImageTooLarge
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || !qrFormats[format] || cfg.Width <= 0 || cfg.Height <= 0 {
		return "", ErrNotImage
	}
	if int64(cfg.Width)*int64(cfg.Height) > MaxImagePixels {
		return "", ErrImageTooLarge
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return "", ErrNotImage
	}
	// gozxing is a port of ZXing's Java; a panic on an odd image is a
	// failure to find a code, not a crash of the command or the server.
	defer func() {
		if recover() != nil {
			text, err = "", ErrNoQR
		}
	}()
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		return "", ErrNoQR
	}
	hints := map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, hints)
	if err != nil {
		return "", ErrNoQR
	}
	return res.GetText(), nil
}
