import mongoose, { Schema } from 'mongoose';
import { ROLES, SCOPE_TYPES, type RoleGrant } from './roles';
import { ID_TYPES, type IdType } from './id-numbers';

export interface UserDoc {
  _id: mongoose.Types.ObjectId;
  username: string;
  displayName: string;
  passwordHash: string;
  status: 'active' | 'disabled';
  roles: RoleGrant[];
  /** Bumped on logout, disable and password reset: tokens carrying an older version die. */
  tokenVersion: number;
  lastLoginAt?: Date;
  passwordChangedAt: Date;
  createdAt: Date;
  updatedAt: Date;
}

const grantSchema = new Schema<RoleGrant>(
  {
    role: { type: String, enum: ROLES, required: true },
    scope: {
      type: new Schema({ type: { type: String, enum: SCOPE_TYPES, required: true }, id: String }, { _id: false }),
      required: true,
    },
  },
  { _id: false },
);

const userSchema = new Schema<UserDoc>(
  {
    username: { type: String, required: true, lowercase: true, trim: true },
    displayName: { type: String, required: true, trim: true },
    passwordHash: { type: String, required: true },
    status: { type: String, enum: ['active', 'disabled'], default: 'active' },
    roles: { type: [grantSchema], default: [] },
    tokenVersion: { type: Number, default: 0 },
    lastLoginAt: Date,
    passwordChangedAt: { type: Date, required: true },
  },
  { collection: 'users', timestamps: true, versionKey: false },
);
userSchema.index({ username: 1 }, { unique: true });
userSchema.index({ 'roles.role': 1 });

export const UserModel = mongoose.model<UserDoc>('User', userSchema);

/** A candidate is a person; the ID number is stored as a match key, a mask and a sealed value. */
export interface CandidateDoc {
  _id: mongoose.Types.ObjectId;
  name: string;
  idType: IdType;
  idMatchKey: string;
  idMasked: string;
  idSealed: string;
  /** The person's latest photo (a `candidate_photos` id), copied to each new registration. */
  photoId?: string;
  createdAt: Date;
  updatedAt: Date;
}

const candidateSchema = new Schema<CandidateDoc>(
  {
    name: { type: String, required: true, trim: true },
    idType: { type: String, enum: ID_TYPES, required: true },
    idMatchKey: { type: String, required: true },
    idMasked: { type: String, required: true },
    idSealed: { type: String, required: true },
    photoId: String,
  },
  { collection: 'candidates', timestamps: true, versionKey: false },
);
candidateSchema.index({ idMatchKey: 1 }, { unique: true });
candidateSchema.index({ name: 1 });

export const CandidateModel = mongoose.model<CandidateDoc>('Candidate', candidateSchema);

/**
 * A candidate's photo (1-inch, for the real-name check, the admission ticket and the
 * certificate). Content-addressed: the `_id` is the SHA-256 of the bytes, so storing the same
 * photo twice (a re-imported sheet) is one document, and a stored photo never changes.
 */
export interface CandidatePhotoDoc {
  _id: string;
  contentType: 'image/jpeg' | 'image/png';
  data: Buffer;
  bytes: number;
  createdAt: Date;
}
const candidatePhotoSchema = new Schema<CandidatePhotoDoc>(
  { _id: { type: String, required: true }, contentType: { type: String, required: true }, data: { type: Buffer, required: true }, bytes: { type: Number, required: true } },
  { collection: 'candidate_photos', timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);
export const CandidatePhotoModel = mongoose.model<CandidatePhotoDoc>('CandidatePhoto', candidatePhotoSchema);

/** Failed sign-ins per account name (existing or not), so lockout looks the same for both. */
export interface LoginThrottleDoc {
  _id: string;
  failures: number;
  firstFailureAt: Date;
  lockedUntil?: Date;
}

const loginThrottleSchema = new Schema<LoginThrottleDoc>(
  { _id: { type: String, required: true }, failures: { type: Number, default: 0 }, firstFailureAt: Date, lockedUntil: Date },
  { collection: 'login_throttle', versionKey: false },
);
export const LoginThrottleModel = mongoose.model<LoginThrottleDoc>('LoginThrottle', loginThrottleSchema);

/** Fixed-window hit counters shared by every app instance (rate limits). */
export interface RateLimitHitDoc {
  _id: string;
  hits: number;
  resetAt: Date;
}

const rateLimitHitSchema = new Schema<RateLimitHitDoc>(
  { _id: { type: String, required: true }, hits: { type: Number, default: 0 }, resetAt: { type: Date, required: true } },
  { collection: 'rate_limit_hits', versionKey: false },
);
rateLimitHitSchema.index({ resetAt: 1 });
export const RateLimitHitModel = mongoose.model<RateLimitHitDoc>('RateLimitHit', rateLimitHitSchema);
