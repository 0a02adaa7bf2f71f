/**
 * Words for realistic agreements of an Indonesian city: what is cooperated on, with whom, by
 * which office. Combined by a seeded generator, so every run gets the same 100,000 rows.
 */
import type { PartnerType } from '../../src/domain/glossary.js';

/** Offices that initiate agreements (they exist as demo units). */
export const UNITS = ['DINKES', 'DISHUB', 'DLH', 'BPBD', 'DISKOMINFO', 'BAPPEDA', 'PEM'] as const;

export const ACTIVITIES = [
  'Pengelolaan', 'Peningkatan', 'Pengembangan', 'Penyediaan', 'Pemanfaatan', 'Pembangunan',
  'Penyelenggaraan', 'Pemeliharaan', 'Penguatan', 'Optimalisasi', 'Pendampingan', 'Penataan',
  'Pelatihan', 'Pertukaran', 'Penelitian', 'Digitalisasi', 'Revitalisasi', 'Integrasi',
];

export const OBJECTS = [
  'air baku', 'sampah terpadu', 'limbah medis', 'transportasi umum', 'parkir elektronik',
  'layanan kesehatan ibu dan anak', 'data kependudukan', 'jaringan fiber optik', 'pasar rakyat',
  'kawasan wisata', 'ruang terbuka hijau', 'sistem peringatan dini banjir', 'rumah sakit rujukan',
  'pendidikan vokasi', 'usaha mikro kecil dan menengah', 'kota pusaka', 'terminal antarkota',
  'lampu penerangan jalan', 'instalasi pengolahan lumpur tinja', 'pusat data daerah',
  'kapasitas aparatur', 'pelayanan perizinan', 'pertanian perkotaan', 'beasiswa mahasiswa',
  'penanggulangan bencana', 'kesehatan jiwa masyarakat', 'sanitasi permukiman', 'aplikasi kota cerdas',
];

export const QUALIFIERS = [
  'lintas daerah', 'berbasis masyarakat', 'di wilayah perbatasan', 'tahap kedua', 'Malang Raya',
  'secara berkelanjutan', 'untuk warga berpenghasilan rendah', 'melalui teknologi informasi', '',
  '', '', '',
];

export const PARTNERS: Record<PartnerType, string[]> = {
  pemda: [
    'Pemerintah Kabupaten Malang', 'Pemerintah Kota Batu', 'Pemerintah Kabupaten Pasuruan',
    'Pemerintah Kota Surabaya', 'Pemerintah Kabupaten Sidoarjo', 'Pemerintah Kota Kediri',
    'Pemerintah Kota Jambi', 'Pemerintah Kota Surakarta', 'Pemerintah Kabupaten Blitar',
    'Pemerintah Provinsi Jawa Timur', 'Pemerintah Kota Pematang Siantar', 'Pemerintah Kabupaten Lumajang',
  ],
  kementerian_lembaga: [
    'Kementerian Agraria dan Tata Ruang', 'Badan Pusat Statistik', 'Kementerian Kesehatan',
    'Badan Nasional Penanggulangan Bencana', 'Kementerian Perhubungan', 'Badan Siber dan Sandi Negara',
  ],
  bumn_bumd: ['PT Bank Jatim', 'Perumda Air Minum Tugu Tirta', 'PT PLN (Persero)', 'PT Telkom Indonesia', 'PT Pos Indonesia'],
  swasta: ['PT Sarana Data Nusantara', 'PT Hijau Lestari Abadi', 'CV Karya Mandiri', 'PT Transportasi Kota Sejahtera', 'PT Agro Tani Makmur'],
  perguruan_tinggi: ['Universitas Brawijaya', 'Universitas Negeri Malang', 'Politeknik Negeri Malang', 'Universitas Muhammadiyah Malang', 'Institut Teknologi Sepuluh Nopember'],
  ormas: ['Palang Merah Indonesia Kota Malang', 'Pramuka Kwartir Cabang', 'Yayasan Peduli Lingkungan', 'Lembaga Amil Zakat Daerah'],
  perorangan: ['Perorangan'],
  pemda_luar_negeri: ['Hebron Municipality', 'Kota Suwon', 'Kota Fukuoka', 'Kota Tilburg', 'Kota Yanbian'],
  lembaga_luar_negeri: ['Japan International Cooperation Agency', 'Deutsche Gesellschaft fuer Internationale Zusammenarbeit', 'United Nations Development Programme'],
};

/** Partner types and how often they appear, with the kind of agreement they make. */
export const PARTNER_MIX: { type: PartnerType; weight: number; kind: string }[] = [
  { type: 'pemda', weight: 30, kind: 'ksdd' },
  { type: 'swasta', weight: 15, kind: 'ksdpk' },
  { type: 'bumn_bumd', weight: 10, kind: 'ksdpk' },
  { type: 'perguruan_tinggi', weight: 15, kind: 'ksdpk' },
  { type: 'ormas', weight: 6, kind: 'ksdpk' },
  { type: 'perorangan', weight: 2, kind: 'ksdpk' },
  { type: 'kementerian_lembaga', weight: 10, kind: 'sinergi' },
  { type: 'pemda_luar_negeri', weight: 8, kind: 'ksdpl' },
  { type: 'lembaga_luar_negeri', weight: 4, kind: 'ksdll' },
];

/** Words to search for: common ones (many hits), rarer ones, and a part of a word. */
export const SEARCH_WORDS = ['sampah', 'kesehatan', 'malang', 'brawijaya', 'fiber', 'tinja', 'perbatasan', 'pusaka', 'sehat'];
