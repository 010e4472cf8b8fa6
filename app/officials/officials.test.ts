import { describe, expect, it } from "vitest";
import { checkedKey, translate } from "~/i18n/core";
import { officeFromText, readOfficialsCsv, type CsvRowError } from "./officials-csv";

/** A row problem as the directory page shows it to an English reader. */
const inEnglish = (e: CsvRowError) => ({ row: e.row, message: `${e.column}: ${translate("en", checkedKey(e.message), e.vars)}` });

const wards = [
  { id: 11, name: "Ward 1" },
  { id: 12, name: "Ward 2" },
];

describe("readOfficialsCsv", () => {
  it("reads officials in any column order, by office label or code and ward name or number", () => {
    const csv = ["email,name,ward,office", "MAYOR@example.org,Mayor Pat,,Mayor", "w1@example.org,Councilor One,Ward 1,Ward Councillor", "w2@example.org,Councilor Two,2,ward_councilor", "al@example.org,At Large,,At-large councilor"].join("\n");
    const { officials, errors } = readOfficialsCsv(csv, wards);
    expect(errors).toEqual([]);
    expect(officials).toEqual([
      { row: 2, name: "Mayor Pat", office: "mayor", wardId: null, email: "mayor@example.org" },
      { row: 3, name: "Councilor One", office: "ward_councilor", wardId: 11, email: "w1@example.org" },
      { row: 4, name: "Councilor Two", office: "ward_councilor", wardId: 12, email: "w2@example.org" },
      { row: 5, name: "At Large", office: "at_large_councilor", wardId: null, email: "al@example.org" },
    ]);
  });

  it("reports every bad row by its number", () => {
    const csv = [
      "name,office,ward,email",
      "Good Person,mayor,,good@example.org",
      ",mayor,,noname@example.org",
      "Bad Email,mayor,,not-an-email",
      "Wrong Office,governor,,gov@example.org",
      "No Ward,ward councilor,,noward@example.org",
      "Far Ward,ward councilor,Ward 9,far@example.org",
      "Again,mayor,,good@example.org",
    ].join("\n");
    const { errors } = readOfficialsCsv(csv, wards);
    expect(errors.map(inEnglish)).toEqual([
      { row: 3, message: "name: Enter the official's name" },
      { row: 4, message: "email: Enter an email address like name@example.org" },
      { row: 5, message: "office: must be one of mayor, ward_councilor, at_large_councilor, other" },
      { row: 6, message: "ward: Choose the councilor's ward" },
      { row: 7, message: "ward: there is no ward named “Ward 9” in this jurisdiction" },
      { row: 8, message: "email: good@example.org is already on row 2" },
    ]);
  });

  it("asks for the header row", () => {
    expect(readOfficialsCsv("Pat,mayor,,pat@example.org", wards).errors[0]).toMatchObject({ row: 1 });
    expect(readOfficialsCsv("", wards).errors[0]).toMatchObject({ row: 1 });
  });

  it("reads spaces around fields, quoted or not, the same way", () => {
    const csv = 'name , office,ward, email\n "Lee, Pat" , mayor ,, "LEE@example.org" \n';
    expect(readOfficialsCsv(csv, wards)).toEqual({
      officials: [{ row: 2, name: "Lee, Pat", office: "mayor", wardId: null, email: "lee@example.org" }],
      errors: [],
    });
  });

  it("keeps row numbers across blank lines and reports a file that is not CSV", () => {
    const csv = "name,office,ward,email\n\nPat,mayor,,not-an-email\n";
    expect(readOfficialsCsv(csv, wards).errors).toMatchObject([{ row: 3, column: "email" }]);
    expect(readOfficialsCsv('name,office,ward,email\n"Pat,mayor,,pat@example.org\n', wards).errors).toEqual([{ row: 1, message: "import.error.unreadable" }]);
  });

  it("normalizes office names", () => {
    expect(officeFromText("At-Large Councillor")).toBe("at_large_councilor");
  });
});
