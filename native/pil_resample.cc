// Pillow's Image.resize for 8-bit images (Resample.c's ImagingResample with box = the whole
// image): a two-pass convolution with fixed-point weights, so a PIL-path pipeline (ImageFolder
// -> RandomResizedCrop -> ToTensor) gives Pillow's pixels. In C++ because it is the hot loop of
// image data loading (in JS it cost 5x as much); lib/vision/pil_ops.ts calls it.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include "common.h"

namespace torchts {
namespace {

constexpr int PRECISION_BITS = 32 - 8 - 2;

// Resample.c's filters (a = -0.5 for bicubic); the index is the `filter` argument.
struct Filter {
  double support;
  double (*weight)(double x);
};
double bilinear(double x) {
  x = std::fabs(x);
  return x < 1.0 ? 1.0 - x : 0.0;
}
double bicubic(double x) {
  const double a = -0.5;
  x = std::fabs(x);
  if (x < 1.0) return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
  if (x < 2.0) return (((x - 5) * x + 8) * x - 4) * a;
  return 0.0;
}
const Filter FILTERS[] = {{1.0, bilinear}, {2.0, bicubic}};

// precompute_coeffs + normalize_coeffs_8bpc for a whole line of inSize pixels to outSize.
struct Coeffs {
  int ksize;
  std::vector<int> bounds;  // per output pixel: first input pixel, how many
  std::vector<int32_t> kk;  // ksize fixed-point weights per output pixel
};

Coeffs coeffs(int inSize, int outSize, const Filter& f) {
  double scale = static_cast<double>(inSize) / outSize;
  double filterscale = std::max(scale, 1.0);
  double support = f.support * filterscale;
  Coeffs c;
  c.ksize = static_cast<int>(std::ceil(support)) * 2 + 1;
  c.bounds.resize(2 * outSize);
  c.kk.assign(static_cast<size_t>(outSize) * c.ksize, 0);
  std::vector<double> k(c.ksize);
  for (int xx = 0; xx < outSize; xx++) {
    double center = (xx + 0.5) * scale;
    double ss = 1.0 / filterscale;
    int xmin = std::max(static_cast<int>(center - support + 0.5), 0);
    int xmax = std::min(static_cast<int>(center + support + 0.5), inSize) - xmin;
    double ww = 0.0;
    for (int x = 0; x < xmax; x++) {
      k[x] = f.weight((x + xmin - center + 0.5) * ss);
      ww += k[x];
    }
    for (int x = 0; x < xmax; x++) {
      double w = ww != 0.0 ? k[x] / ww : k[x];
      c.kk[static_cast<size_t>(xx) * c.ksize + x] =
          static_cast<int32_t>(w < 0 ? -0.5 + w * (1 << PRECISION_BITS) : 0.5 + w * (1 << PRECISION_BITS));
    }
    c.bounds[2 * xx] = xmin;
    c.bounds[2 * xx + 1] = xmax;
  }
  return c;
}

inline uint8_t clip8(int32_t v) {
  if (v >= (1 << (PRECISION_BITS + 8))) return 255;
  if (v <= 0) return 0;
  return static_cast<uint8_t>(v >> PRECISION_BITS);
}

// Pillow sums in INT32 and its sums stay below 2^31; uint32 arithmetic gives the same bits
// without signed overflow.
inline int32_t mac(int32_t ss, uint8_t pixel, int32_t weight) {
  return static_cast<int32_t>(static_cast<uint32_t>(ss) + static_cast<uint32_t>(pixel) * static_cast<uint32_t>(weight));
}

// Rows [row0, row0 + rows) of src (w wide, C channels) to `width` columns; all C sums of an
// output pixel in one pass over its weights.
template <int C>
void horizontal(const uint8_t* src, int w, int row0, int rows, int width, const Coeffs& h, uint8_t* out) {
  const int32_t half = 1 << (PRECISION_BITS - 1);
  for (int y = 0; y < rows; y++) {
    const uint8_t* inRow = src + static_cast<size_t>(y + row0) * w * C;
    uint8_t* outRow = out + static_cast<size_t>(y) * width * C;
    for (int xx = 0; xx < width; xx++) {
      int xmin = h.bounds[2 * xx], xmax = h.bounds[2 * xx + 1];
      const int32_t* k = &h.kk[static_cast<size_t>(xx) * h.ksize];
      int32_t ss[C];
      for (int b = 0; b < C; b++) ss[b] = half;
      const uint8_t* p = inRow + xmin * C;
      for (int x = 0; x < xmax; x++, p += C) {
        for (int b = 0; b < C; b++) ss[b] = mac(ss[b], p[b], k[x]);
      }
      for (int b = 0; b < C; b++) outRow[xx * C + b] = clip8(ss[b]);
    }
  }
}

void horizontal(const uint8_t* src, int w, int c, int row0, int rows, int width, const Coeffs& h, uint8_t* out) {
  if (c == 3) horizontal<3>(src, w, row0, rows, width, h, out);
  else if (c == 1) horizontal<1>(src, w, row0, rows, width, h, out);
  else if (c == 4) horizontal<4>(src, w, row0, rows, width, h, out);
  else throw ArgError{ErrorKind::Value, "pilResample: images have 1, 3 or 4 channels"};
}

// src (w wide; its row 0 is the source's row `row0`) to `height` rows: a row of sums at a time,
// each input row added in whole (a loop the compiler vectorizes).
void vertical(const uint8_t* src, int w, int c, int row0, int height, const Coeffs& v, uint8_t* out) {
  const int32_t half = 1 << (PRECISION_BITS - 1);
  const size_t stride = static_cast<size_t>(w) * c;
  std::vector<uint32_t> ss(stride);
  for (int yy = 0; yy < height; yy++) {
    int ymin = v.bounds[2 * yy] - row0, ymax = v.bounds[2 * yy + 1];
    const int32_t* k = &v.kk[static_cast<size_t>(yy) * v.ksize];
    std::fill(ss.begin(), ss.end(), static_cast<uint32_t>(half));
    for (int y = 0; y < ymax; y++) {
      const uint8_t* p = src + (ymin + y) * stride;
      uint32_t weight = static_cast<uint32_t>(k[y]);
      for (size_t i = 0; i < stride; i++) ss[i] += p[i] * weight;
    }
    uint8_t* outRow = out + yy * stride;
    for (size_t i = 0; i < stride; i++) outRow[i] = clip8(static_cast<int32_t>(ss[i]));
  }
}

// pilResample(pixels: Uint8Array, width, height, channels, outWidth, outHeight, filter: 0
// bilinear | 1 bicubic): the resized pixels. Pass order as Pillow 13 (measured): vertical
// first when the width grows and the height shrinks; otherwise horizontal first, over just the
// rows the vertical pass reads.
napi_value pilResample(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<7> args(env, info);
    void* data;
    size_t length;
    uint8ArrayArg(env, args[0], &data, &length);
    int w = static_cast<int>(intArg(env, args[1])), h = static_cast<int>(intArg(env, args[2]));
    int c = static_cast<int>(intArg(env, args[3]));
    int outW = static_cast<int>(intArg(env, args[4])), outH = static_cast<int>(intArg(env, args[5]));
    int filter = static_cast<int>(intArg(env, args[6]));
    if (w <= 0 || h <= 0 || c <= 0 || outW <= 0 || outH <= 0 || static_cast<size_t>(w) * h * c != length) {
      throw ArgError{ErrorKind::Value, "pilResample: the pixel buffer does not match its size"};
    }
    if (filter < 0 || filter > 1) throw ArgError{ErrorKind::Value, "pilResample: unknown filter"};
    const Filter& f = FILTERS[filter];
    const uint8_t* src = static_cast<const uint8_t*>(data);
    Coeffs ch = coeffs(w, outW, f), cv = coeffs(h, outH, f);
    size_t size = static_cast<size_t>(outW) * outH * c;
    napi_value buffer;
    void* outData;
    check(env, napi_create_arraybuffer(env, size, &outData, &buffer));
    uint8_t* out = static_cast<uint8_t*>(outData);
    bool needH = outW != w, needV = outH != h;
    if (!needH && !needV) std::memcpy(out, src, size);
    else if (!needH) vertical(src, w, c, 0, outH, cv, out);
    else if (!needV) horizontal(src, w, c, 0, h, outW, ch, out);
    else if (outW > w && outH < h) {
      std::vector<uint8_t> tmp(static_cast<size_t>(w) * outH * c);
      vertical(src, w, c, 0, outH, cv, tmp.data());
      horizontal(tmp.data(), w, c, 0, outH, outW, ch, out);
    } else {
      int first = cv.bounds[0];
      int last = cv.bounds[2 * outH - 2] + cv.bounds[2 * outH - 1];
      std::vector<uint8_t> tmp(static_cast<size_t>(outW) * (last - first) * c);
      horizontal(src, w, c, first, last - first, outW, ch, tmp.data());
      vertical(tmp.data(), outW, c, first, outH, cv, out);
    }
    napi_value array;
    check(env, napi_create_typedarray(env, napi_uint8_array, size, buffer, 0, &array));
    return array;
  });
}

}  // namespace

void registerPilResample(Exports& exports) { add(exports, "pilResample", pilResample); }

}  // namespace torchts
