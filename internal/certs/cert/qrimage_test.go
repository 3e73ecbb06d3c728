package cert_test

import (
	"bytes"
	"crypto/ed25519"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/draw"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"math/rand/v2"
	"testing"

	qrencode "github.com/skip2/go-qrcode"

	"github.com/topcop-platform/topcop/internal/certs/cert"
)

// qrPNG is a PNG of a QR code holding text, size pixels wide.
func qrPNG(t testing.TB, text string, size int) []byte {
	t.Helper()
	png, err := qrencode.Encode(text, qrencode.Medium, size)
	if err != nil {
		t.Fatal(err)
	}
	return png
}

// pngHeader is a PNG whose header (with a correct checksum) claims
// width×height pixels, followed by no image data.
func pngHeader(width, height uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], width)
	binary.BigEndian.PutUint32(ihdr[4:], height)
	ihdr[8], ihdr[9] = 8, 2 // 8-bit RGB
	chunk := append([]byte("IHDR"), ihdr...)
	binary.Write(&b, binary.BigEndian, uint32(len(ihdr)))
	b.Write(chunk)
	binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(chunk))
	return b.Bytes()
}

// photo puts the QR code of src, scaled, on a grey page with a little
// noise, as a scan or a photo of a printed certificate would show it.
func photo(t testing.TB, src []byte) image.Image {
	t.Helper()
	qr, err := png.Decode(bytes.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	const scale = 3
	b := qr.Bounds()
	off := image.Pt(250, 120)
	page := image.NewRGBA(image.Rect(0, 0, b.Dx()*scale+2*off.X, b.Dy()*scale+2*off.Y))
	draw.Draw(page, page.Bounds(), image.NewUniform(color.RGBA{200, 200, 195, 255}), image.Point{}, draw.Src)
	for y := 0; y < b.Dy()*scale; y++ {
		for x := 0; x < b.Dx()*scale; x++ {
			page.Set(off.X+x, off.Y+y, qr.At(x/scale, y/scale))
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for y := range page.Bounds().Dy() {
		for x := range page.Bounds().Dx() {
			c := page.RGBAAt(x, y)
			n := uint8(rng.IntN(24))
			if c.R > 128 {
				c.R, c.G, c.B = c.R-n, c.G-n, c.B-n
			} else {
				c.R, c.G, c.B = c.R+n, c.G+n, c.B+n
			}
			page.SetRGBA(x, y, c)
		}
	}
	return page
}

func TestDecodeQR(t *testing.T) {
	// A fixed key, so that the QR code and its noisy photo are the same
	// on every run (a random key made a different picture each time).
	k := &cert.SigningKey{ID: "2026-12-03-qrtest", Private: ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, ed25519.SeedSize)), CreatedAt: day}
	p := sign(t, sampleClaims(), k)
	text := cert.QRText("https://topcop.example.org", "7KQ2M9XA4HD3RT6W", p)
	src := qrPNG(t, text, 256)

	var jpg, gf bytes.Buffer
	pic := photo(t, src)
	if err := jpeg.Encode(&jpg, pic, &jpeg.Options{Quality: 80}); err != nil {
		t.Fatal(err)
	}
	qr, _ := png.Decode(bytes.NewReader(src))
	if err := gif.Encode(&gf, qr, nil); err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{"png": src, "jpeg photo": jpg.Bytes(), "gif": gf.Bytes()} {
		t.Run(name, func(t *testing.T) {
			got, err := cert.DecodeQR(bytes.NewReader(data))
			if err != nil || got != text {
				t.Fatalf("DecodeQR = %q, %v; want %q", got, err, text)
			}
			if _, err := cert.Verify(cert.ExtractPayload(got), cert.PublicKeySet("", []*cert.SigningKey{k})); err != nil {
				t.Fatalf("the decoded payload does not verify: %v", err)
			}
		})
	}
}

// zeros reads n zero bytes without holding them.
type zeros struct{ n int64 }

func (z *zeros) Read(p []byte) (int, error) {
	if z.n <= 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > z.n {
		p = p[:z.n]
	}
	clear(p)
	z.n -= int64(len(p))
	return len(p), nil
}

func TestDecodeQRBadInput(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	random := make([]byte, 4096)
	for i := range random {
		random[i] = byte(rng.Uint32())
	}
	var blank bytes.Buffer
	png.Encode(&blank, image.NewGray(image.Rect(0, 0, 300, 300)))
	src := qrPNG(t, "https://topcop.example.org/verify/X#TC1.a.b", 200)
	huge := io.MultiReader(bytes.NewReader(src), &zeros{n: 30 << 20})
	for _, tc := range []struct {
		name string
		r    io.Reader
		want error
	}{
		{"random bytes", bytes.NewReader(random), cert.ErrNotImage},
		{"text", bytes.NewReader([]byte("TC1.abc.def")), cert.ErrNotImage},
		{"empty", bytes.NewReader(nil), cert.ErrNotImage},
		{"a PNG claiming 100000×100000 pixels", bytes.NewReader(pngHeader(100000, 100000)), cert.ErrImageTooLarge},
		{"a PNG claiming 7000×7000 pixels", bytes.NewReader(pngHeader(7000, 7000)), cert.ErrImageTooLarge},
		{"a PNG claiming zero pixels", bytes.NewReader(pngHeader(0, 100)), cert.ErrNotImage},
		{"a PNG header without data", bytes.NewReader(pngHeader(100, 100)), cert.ErrNotImage},
		{"a truncated PNG", bytes.NewReader(src[:len(src)/2]), cert.ErrNotImage},
		{"a 30 MB file", huge, cert.ErrImageTooLarge},
		{"a BMP", bytes.NewReader(append([]byte("BM"), random[:100]...)), cert.ErrNotImage},
		{"an image without a QR code", bytes.NewReader(blank.Bytes()), cert.ErrNoQR},
		{"noise", func() io.Reader {
			img := image.NewGray(image.Rect(0, 0, 400, 400))
			for i := range img.Pix {
				img.Pix[i] = byte(rng.Uint32())
			}
			var b bytes.Buffer
			png.Encode(&b, img)
			return &b
		}(), cert.ErrNoQR},
	} {
		t.Run(tc.name, func(t *testing.T) {
			text, err := cert.DecodeQR(tc.r)
			if !errors.Is(err, tc.want) {
				t.Fatalf("DecodeQR = %q, %v; want %v", text, err, tc.want)
			}
		})
	}
	readErr := errors.New("disk on fire")
	if _, err := cert.DecodeQR(io.MultiReader(bytes.NewReader(src[:10]), iotestErr{readErr})); !errors.Is(err, readErr) {
		t.Fatalf("a failing reader: %v", err)
	}
}

type iotestErr struct{ err error }

func (r iotestErr) Read([]byte) (int, error) { return 0, r.err }

// FuzzDecodeQR: whatever the bytes, DecodeQR answers text or one of its
// errors, and does not panic.
func FuzzDecodeQR(f *testing.F) {
	src := qrPNG(f, "TC1.a.b", 64)
	qr, _ := png.Decode(bytes.NewReader(src))
	var gf, jpg bytes.Buffer
	gif.Encode(&gf, qr, nil)
	jpeg.Encode(&jpg, qr, nil)
	for _, seed := range [][]byte{src, gf.Bytes(), jpg.Bytes(), pngHeader(100000, 100000), pngHeader(50, 50), src[:40], []byte("GIF89a"), nil} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		text, err := cert.DecodeQR(bytes.NewReader(data))
		if err != nil && !errors.Is(err, cert.ErrNotImage) && !errors.Is(err, cert.ErrImageTooLarge) && !errors.Is(err, cert.ErrNoQR) {
			t.Fatalf("DecodeQR: unexpected error %v", err)
		}
		if err != nil && text != "" {
			t.Fatalf("DecodeQR returned %q with %v", text, err)
		}
	})
}
