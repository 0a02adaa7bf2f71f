import { describe, expect, it } from 'vitest';
import { bufferSource, detectFileKind, FILE_KINDS, zipEntryNames } from '../../src/documents/file-type.js';
import { contentDisposition, displayFilename } from '../../src/documents/filename.js';
import { jpegHeader, tinyDocx, tinyPdf, tinyPng, tinyXlsx, zipOf } from '../support/files.js';

const detect = (bytes: Buffer) => detectFileKind(bufferSource(bytes));

describe('file kinds by magic bytes', () => {
  it('recognises PDF, PNG, JPEG, DOCX and XLSX from their bytes', async () => {
    expect(await detect(tinyPdf())).toBe(FILE_KINDS.pdf);
    expect(await detect(tinyPng())).toBe(FILE_KINDS.png);
    expect(await detect(jpegHeader())).toBe(FILE_KINDS.jpeg);
    expect(await detect(tinyDocx())).toBe(FILE_KINDS.docx);
    expect(await detect(tinyXlsx())).toBe(FILE_KINDS.xlsx);
  });

  it('refuses text, HTML, empty and executable content whatever it claims to be', async () => {
    expect(await detect(Buffer.from('bukan PDF, hanya teks biasa'))).toBeNull();
    expect(await detect(Buffer.from('<html><script>alert(1)</script></html>'))).toBeNull();
    expect(await detect(Buffer.alloc(0))).toBeNull();
    expect(await detect(Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'))).toBeNull();
    expect(await detect(Buffer.from(' %PDF-1.4 with a leading space'))).toBeNull();
  });

  it('refuses a ZIP that is not an Office document', async () => {
    expect(await detect(zipOf({ 'readme.txt': 'halo' }))).toBeNull();
    expect(await detect(zipOf({ 'word/document.xml': '<w/>' }))).toBeNull(); // no [Content_Types].xml
    expect(await detect(zipOf({ '[Content_Types].xml': '<Types/>', 'ppt/presentation.xml': '<p/>' }))).toBeNull();
  });

  it('refuses a ZIP whose central directory is cut off or points outside the file', async () => {
    const docx = tinyDocx();
    expect(await detect(docx.subarray(0, docx.length - 30))).toBeNull();
    const lying = Buffer.from(docx);
    lying.writeUInt32LE(docx.length + 1000, docx.length - 6); // directory offset past the end
    expect(await detect(lying)).toBeNull();
  });

  it('lists the names in a ZIP central directory, including a trailing archive comment', async () => {
    const zip = zipOf({ 'a.txt': '1', 'dir/b.xml': '2' });
    const withComment = Buffer.concat([zip, Buffer.from('komentar')]);
    withComment.writeUInt16LE(8, zip.length - 2);
    expect(await zipEntryNames(bufferSource(zip))).toEqual(['a.txt', 'dir/b.xml']);
    expect(await zipEntryNames(bufferSource(withComment))).toEqual(['a.txt', 'dir/b.xml']);
  });
});

describe('display file names', () => {
  const pdf = FILE_KINDS.pdf;

  it('keeps only the base name of a path, whichever separator it uses', () => {
    expect(displayFilename('../../etc/passwd.pdf', pdf, 'kak')).toBe('passwd.pdf');
    expect(displayFilename('..\\..\\Windows\\system32\\kak.pdf', pdf, 'kak')).toBe('kak.pdf');
    expect(displayFilename('/abs/path/', pdf, 'kak')).toBe('kak.pdf');
  });

  it('removes control, NUL and direction-changing characters', () => {
    expect(displayFilename('kak\u0000.pdf', pdf, 'kak')).toBe('kak.pdf');
    expect(displayFilename('surat\r\nX-Injected: 1.pdf', pdf, 'kak')).toBe('suratX-Injected_ 1.pdf');
    expect(displayFilename('laporan\u202Efdp.exe', pdf, 'kak')).toBe('laporanfdp.exe.pdf');
  });

  it('ends the name in the extension of what the bytes are', () => {
    expect(displayFilename('KAK Air Baku.PDF', pdf, 'kak')).toBe('KAK Air Baku.pdf');
    expect(displayFilename('scan.jpg', FILE_KINDS.png, 'kak')).toBe('scan.jpg.png');
    expect(displayFilename('foto.jpeg', FILE_KINDS.jpeg, 'kak')).toBe('foto.jpeg');
    expect(displayFilename(undefined, FILE_KINDS.docx, 'draft_pks')).toBe('draft_pks.docx');
    expect(displayFilename('...', pdf, 'kak')).toBe('kak.pdf');
  });

  it('keeps non-Latin names and shortens very long ones to 200 characters', () => {
    expect(displayFilename('ケーエーケー 합의서.pdf', pdf, 'kak')).toBe('ケーエーケー 합의서.pdf');
    const long = displayFilename(`${'a'.repeat(500)}.pdf`, pdf, 'kak');
    expect(long).toHaveLength(200);
    expect(long.endsWith('.pdf')).toBe(true);
  });

  it('offers the name in Content-Disposition as ASCII fallback and exact UTF-8', () => {
    expect(contentDisposition('KAK "final".pdf')).toBe(
      `attachment; filename="KAK _final_.pdf"; filename*=UTF-8''KAK%20%22final%22.pdf`,
    );
    expect(contentDisposition('Kesepakatan – Jambi (1).pdf')).toBe(
      'attachment; filename="Kesepakatan _ Jambi (1).pdf"; ' +
        "filename*=UTF-8''Kesepakatan%20%E2%80%93%20Jambi%20%281%29.pdf",
    );
  });
});
