import mongoose, { Schema } from 'mongoose';
import type { Occupation, Standard } from './schemas';

export interface OccupationDoc extends Occupation {
  _id: mongoose.Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
}

const occupationSchema = new Schema<OccupationDoc>(
  {
    code: { type: String, required: true },
    name: { type: String, required: true },
    classificationEdition: { type: String, required: true },
    aliases: { type: [String], default: [] },
    formerCodes: { type: Schema.Types.Mixed, default: [] },
    subTrades: { type: [String], default: [] },
  },
  { collection: 'occupations', timestamps: true, versionKey: false, minimize: false },
);
occupationSchema.index({ code: 1 }, { unique: true });
occupationSchema.index({ name: 1 });
export const OccupationModel = mongoose.model<OccupationDoc>('Occupation', occupationSchema);

/** A standard, stored whole; `revision` guards concurrent edits (compare-and-set). */
export interface StandardDoc extends Standard {
  _id: mongoose.Types.ObjectId;
  revision: number;
  createdAt: Date;
  updatedAt: Date;
}

const standardSchema = new Schema<StandardDoc>(
  {
    occupationCode: { type: String, required: true },
    edition: { type: String, required: true },
    title: { type: String, required: true },
    levels: { type: Schema.Types.Mixed, required: true },
    weightTables: { type: Schema.Types.Mixed, required: true },
    elementTables: { type: Schema.Types.Mixed, default: [] },
    demo: { type: Boolean, default: false },
    revision: { type: Number, default: 1 },
  },
  { collection: 'standards', timestamps: true, versionKey: false, minimize: false },
);
standardSchema.index({ occupationCode: 1, edition: 1 }, { unique: true });
export const StandardModel = mongoose.model<StandardDoc>('Standard', standardSchema);
